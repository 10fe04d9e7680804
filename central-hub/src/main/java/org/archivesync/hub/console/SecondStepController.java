package org.archivesync.hub.console;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.archivesync.hub.security.SecondStep;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The second step of signing in (mã xác thực): a session whose password was right enters its one-time code. Open to
 * anyone by the rules; {@link SecondStep} sends a session that does not wait for a code back to sign in.
 */
@Controller
class SecondStepController {

    private final SecondStep secondStep;

    SecondStepController(SecondStep secondStep) {
        this.secondStep = secondStep;
    }

    @GetMapping("/login/code")
    String codePage() {
        return secondStep.waiting() ? "login-code" : "redirect:/login";
    }

    @PostMapping("/login/code")
    void code(@RequestParam(required = false) String code, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        secondStep.complete(request, response, code);
    }
}
