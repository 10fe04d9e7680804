package org.archivesync.agent.web;

import java.util.ArrayList;
import java.util.List;
import org.archivesync.agent.recording.Command;
import org.archivesync.agent.recording.CommandCatalogue;
import org.archivesync.agent.recording.Recorded;
import org.archivesync.agent.recording.Recorder;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code POST /api/batch}: many commands of the {@link CommandCatalogue}, named by their batch names, in one
 * transaction with one signature (the single-command endpoints are {@link CommandEndpoints}). Only authenticated
 * requests reach it (the {@code access} package): the clerk recorded is the authenticated account. A batch carrying a
 * command the catalogue reserves for the office head (a destruction) needs that role or the API token (403 otherwise).
 */
@RestController
@RequestMapping("/api")
class RecordingController {

    private final Recorder recorder;
    private final ObjectMapper json;

    RecordingController(Recorder recorder, ObjectMapper json) {
        this.recorder = recorder;
        this.json = json;
    }

    record BatchItem(String type, JsonNode command) {
    }

    record BatchRequest(List<BatchItem> commands) {
    }

    /** Many commands, one transaction, one signature: {@code {"commands":[{"type":"record-file","command":{...}}]}}. */
    @PostMapping("/batch")
    @ResponseStatus(HttpStatus.CREATED)
    RecordedResponse batch(@RequestBody BatchRequest request, Authentication clerk) {
        List<Command> commands = new ArrayList<>();
        List<BatchItem> items = request.commands() == null ? List.of() : request.commands();
        for (int i = 0; i < items.size(); i++) {
            BatchItem item = items.get(i);
            CommandCatalogue type = CommandCatalogue.byName(item == null ? null : item.type()).orElse(null);
            if (type == null) {
                throw new UnknownCommandTypeException(i, item == null ? null : item.type());
            }
            if (type.officeHeadOnly() && !mayRecordDestructions(clerk)) {
                throw new AccessDeniedException("a destruction needs the role OFFICE_HEAD");
            }
            commands.add(type.withChosenIds(json.treeToValue(item.command(), type.type())));
        }
        Recorded recorded = recorder.withClerk(clerk.getName()).recordAll(commands);
        return RecordedResponse.of(recorded, null);
    }

    private static boolean mayRecordDestructions(Authentication clerk) {
        return clerk.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(a -> a.equals("ROLE_OFFICE_HEAD") || a.equals("ROLE_LOCAL_ADMIN"));
    }
}
