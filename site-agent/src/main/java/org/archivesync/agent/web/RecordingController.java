package org.archivesync.agent.web;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import org.archivesync.agent.recording.AppraiseFile;
import org.archivesync.agent.recording.Command;
import org.archivesync.agent.recording.ConfirmHandoverReceived;
import org.archivesync.agent.recording.DigitizeFile;
import org.archivesync.agent.recording.PackBox;
import org.archivesync.agent.recording.RecordDestruction;
import org.archivesync.agent.recording.RecordFile;
import org.archivesync.agent.recording.Recorded;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.recording.RegisterFonds;
import org.archivesync.agent.recording.RegisterStorageLocation;
import org.archivesync.agent.recording.ReportExtents;
import org.archivesync.agent.recording.SealBox;
import org.archivesync.agent.recording.SendHandover;
import org.archivesync.agent.recording.WithdrawFile;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The local REST API for every recording command (bound to 127.0.0.1 by default). Each request is one transaction;
 * {@code POST /api/batch} records many commands in one. Only authenticated requests reach it (the {@code access}
 * package): the clerk recorded is the authenticated account, a local account or the API token's account. Recording a
 * destruction, alone or in a batch, needs the role {@code OFFICE_HEAD} or the API token (403 otherwise).
 */
@RestController
@RequestMapping("/api")
class RecordingController {

    /** A batch with this command needs the same role as {@code POST /api/destructions}. */
    private static final String DESTRUCTION = "record-destruction";

    private final Recorder recorder;
    private final ObjectMapper json;

    RecordingController(Recorder recorder, ObjectMapper json) {
        this.recorder = recorder;
        this.json = json;
    }

    record SealRequest(String sealNumber) {
    }

    record BatchItem(String type, JsonNode command) {
    }

    record BatchRequest(List<BatchItem> commands) {
    }

    @PostMapping("/fonds")
    @ResponseStatus(HttpStatus.CREATED)
    RecordedResponse registerFonds(@RequestBody RegisterFonds command, Principal clerk) {
        return RecordedResponse.of(as(clerk).registerFonds(command), null);
    }

    @PostMapping("/storage-locations")
    @ResponseStatus(HttpStatus.CREATED)
    RecordedResponse registerLocation(@RequestBody RegisterStorageLocation command, Principal clerk) {
        return RecordedResponse.of(as(clerk).registerStorageLocation(command), null);
    }

    @PostMapping("/extents")
    @ResponseStatus(HttpStatus.CREATED)
    RecordedResponse reportExtents(@RequestBody ReportExtents command, Principal clerk) {
        return RecordedResponse.of(as(clerk).reportExtents(command), null);
    }

    @PostMapping("/boxes")
    @ResponseStatus(HttpStatus.CREATED)
    RecordedResponse packBox(@RequestBody PackBox command, Principal clerk) {
        return RecordedResponse.of(as(clerk).packBox(command), null);
    }

    /** A box is named by its fonds and its number (every fonds numbers its boxes from 1). */
    @PostMapping("/fonds/{fondsCode}/boxes/{boxCode}/seal")
    @ResponseStatus(HttpStatus.CREATED)
    RecordedResponse sealBox(@PathVariable String fondsCode, @PathVariable String boxCode,
                             @RequestBody SealRequest request, Principal clerk) {
        return RecordedResponse.of(as(clerk).sealBox(new SealBox(boxCode, fondsCode, request.sealNumber())), null);
    }

    @PutMapping("/files")
    @ResponseStatus(HttpStatus.CREATED)
    RecordedResponse recordFile(@RequestBody RecordFile command, Principal clerk) {
        return RecordedResponse.of(as(clerk).recordFile(command), null);
    }

    @PostMapping("/files/withdrawals")
    @ResponseStatus(HttpStatus.CREATED)
    RecordedResponse withdrawFile(@RequestBody WithdrawFile command, Principal clerk) {
        return RecordedResponse.of(as(clerk).withdrawFile(command), null);
    }

    @PostMapping("/appraisals")
    @ResponseStatus(HttpStatus.CREATED)
    RecordedResponse appraise(@RequestBody AppraiseFile command, Principal clerk) {
        return RecordedResponse.of(as(clerk).appraiseFile(command), null);
    }

    @PostMapping("/digital-objects")
    @ResponseStatus(HttpStatus.CREATED)
    RecordedResponse digitize(@RequestBody DigitizeFile command, Principal clerk) {
        return RecordedResponse.of(as(clerk).digitizeFile(command), null);
    }

    @PostMapping("/handovers")
    @ResponseStatus(HttpStatus.CREATED)
    RecordedResponse sendHandover(@RequestBody SendHandover command, Principal clerk) {
        SendHandover withId = CommandTypes.withId(command);
        return RecordedResponse.of(as(clerk).sendHandover(withId), withId.handoverId());
    }

    @PostMapping("/handovers/received")
    @ResponseStatus(HttpStatus.CREATED)
    RecordedResponse confirmReceived(@RequestBody ConfirmHandoverReceived command, Principal clerk) {
        return RecordedResponse.of(as(clerk).confirmHandoverReceived(command), command.handoverId());
    }

    @PostMapping("/destructions")
    @ResponseStatus(HttpStatus.CREATED)
    RecordedResponse recordDestruction(@RequestBody RecordDestruction command, Principal clerk) {
        RecordDestruction withId = CommandTypes.withId(command);
        return RecordedResponse.of(as(clerk).recordDestruction(withId), withId.destructionId());
    }

    /** Many commands, one transaction, one signature: {@code {"commands":[{"type":"record-file","command":{...}}]}}. */
    @PostMapping("/batch")
    @ResponseStatus(HttpStatus.CREATED)
    RecordedResponse batch(@RequestBody BatchRequest request, Authentication clerk) {
        List<Command> commands = new ArrayList<>();
        List<BatchItem> items = request.commands() == null ? List.of() : request.commands();
        for (int i = 0; i < items.size(); i++) {
            BatchItem item = items.get(i);
            Class<? extends Command> type = item == null ? null : CommandTypes.BY_NAME.get(item.type());
            if (type == null) {
                throw new UnknownCommandTypeException(i, item == null ? null : item.type());
            }
            if (DESTRUCTION.equals(item.type()) && !mayRecordDestructions(clerk)) {
                throw new AccessDeniedException("a destruction needs the role OFFICE_HEAD");
            }
            commands.add(CommandTypes.withIds(json.treeToValue(item.command(), type)));
        }
        Recorded recorded = as(clerk).recordAll(commands);
        return RecordedResponse.of(recorded, null);
    }

    /** The clerk is the authenticated account (the security chain lets no request through without one). */
    private Recorder as(Principal clerk) {
        return recorder.withClerk(clerk.getName());
    }

    private static boolean mayRecordDestructions(Authentication clerk) {
        return clerk.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(a -> a.equals("ROLE_OFFICE_HEAD") || a.equals("ROLE_LOCAL_ADMIN"));
    }
}
