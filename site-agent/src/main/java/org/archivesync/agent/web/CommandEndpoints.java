package org.archivesync.agent.web;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.security.Principal;
import java.util.Map;
import org.archivesync.agent.recording.Command;
import org.archivesync.agent.recording.CommandCatalogue;
import org.archivesync.agent.recording.Recorder;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * One REST endpoint per command of the {@link CommandCatalogue}, at its method and path under {@code /api}: the JSON
 * body is the command's record, the path's variables are fields of it (they win over the body), and the answer is
 * {@code 201} with what was recorded. Each request is one transaction, recorded as the authenticated account. Who may
 * call which endpoint is the security chain's ({@code access}); a hostile body is refused by Jackson (400) or by the
 * command's rules (422) before anything is written.
 */
@Component
class CommandEndpoints {

    private static final Method RECORD;

    static {
        try {
            RECORD = Endpoint.class.getDeclaredMethod("record", byte[].class, Map.class, Principal.class,
                    HttpServletRequest.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    CommandEndpoints(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping,
                     Recorder recorder, ObjectMapper json) {
        for (CommandCatalogue command : CommandCatalogue.offered()) {
            RequestMappingInfo info = RequestMappingInfo.paths("/api" + command.path())
                    .methods(RequestMethod.valueOf(command.httpMethod()))
                    .consumes(MediaType.APPLICATION_JSON_VALUE, "application/*+json")
                    .options(mapping.getBuilderConfiguration())
                    .build();
            mapping.registerMapping(info, new Endpoint(command, recorder, json), RECORD);
        }
    }

    /** The handler of one catalogued command. */
    static final class Endpoint {

        private final CommandCatalogue command;
        private final Recorder recorder;
        private final ObjectMapper json;

        Endpoint(CommandCatalogue command, Recorder recorder, ObjectMapper json) {
            this.command = command;
            this.recorder = recorder;
            this.json = json;
        }

        @ResponseBody
        @ResponseStatus(HttpStatus.CREATED)
        RecordedResponse record(@RequestBody byte[] body, @PathVariable Map<String, String> path, Principal clerk,
                                HttpServletRequest request) {
            Command read;
            try {
                // Read from the bytes, not through a tree, so decimals keep their scale ("0.10" stays 0.10).
                read = json.readValue(body, command.type());
            } catch (JacksonException e) {
                throw new HttpMessageNotReadableException("JSON parse error: " + e.getOriginalMessage(), e,
                        new ServletServerHttpRequest(request));
            }
            if (read == null) {
                throw new HttpMessageNotReadableException("Required request body is missing",
                        new ServletServerHttpRequest(request));
            }
            Command c = command.withChosenIds(withPathFields(read, path));
            return RecordedResponse.of(recorder.withClerk(clerk.getName()).record(c), command.id(c));
        }
    }

    /** The command with each path variable set as the field of the same name (path variables are text fields). */
    static Command withPathFields(Command command, Map<String, String> path) {
        if (path.isEmpty()) {
            return command;
        }
        RecordComponent[] components = command.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = path.containsKey(components[i].getName()) ? path.get(components[i].getName())
                        : components[i].getAccessor().invoke(command);
            }
            Constructor<?> canonical = command.getClass().getDeclaredConstructor(types);
            return (Command) canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set path fields of " + command.getClass().getSimpleName(),
                    e instanceof InvocationTargetException t ? t.getCause() : e);
        }
    }
}
