package org.archivesync.hub.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import org.archivesync.hub.security.InvalidUserException;
import org.archivesync.hub.security.Role;
import org.archivesync.hub.security.SecondFactor;
import org.archivesync.hub.security.SignedInSessions;
import org.archivesync.hub.security.Users;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Users (người dùng): operators add users, enable and disable them, set a forgotten password and remove a lost second
 * factor (each ends that user's sessions); everyone changes their own password and sets up their own second factor.
 * Every change is audited like any other console form.
 */
@Controller
class UsersController {

    /** The secret proposed on the Account page, kept in the session until a code confirms it. */
    private static final String PROPOSED_SECRET = UsersController.class.getName() + ".proposedSecret";

    private final Users users;
    private final SecondFactor secondFactor;

    UsersController(Users users, SecondFactor secondFactor) {
        this.users = users;
        this.secondFactor = secondFactor;
    }

    @GetMapping("/users")
    String users(Model model) {
        model.addAttribute("users", users.list());
        model.addAttribute("roles", Role.values());
        model.addAttribute("minLength", users.minPasswordLength());
        return "users";
    }

    @PostMapping("/users")
    String create(@RequestParam String username, @RequestParam(required = false) String displayName,
                  @RequestParam Role role, @RequestParam String password, @RequestParam String repeat,
                  Principal operator, RedirectAttributes redirect) {
        String name = username.strip();
        try {
            requireSame(password, repeat);
            users.create(name, displayName == null || displayName.isBlank() ? null : displayName.strip(),
                    password.toCharArray(), role, operator.getName());
            redirect.addFlashAttribute("created", name);
        } catch (InvalidUserException e) {
            redirect.addFlashAttribute("problem", e.reason());
            redirect.addFlashAttribute("form", new NewUser(name, displayName, role));
        }
        return "redirect:/users";
    }

    /** What the form keeps after a refusal (never the password). */
    record NewUser(String username, String displayName, Role role) {
    }

    @PostMapping("/users/{username}/enabled")
    String enable(@PathVariable String username, @RequestParam boolean value, Principal operator,
                  RedirectAttributes redirect) {
        try {
            users.setEnabled(username, value, operator.getName());
            redirect.addFlashAttribute(value ? "enabled" : "disabled", username);
        } catch (InvalidUserException e) {
            redirect.addFlashAttribute("problem", e.reason());
        }
        return "redirect:/users";
    }

    @PostMapping("/users/{username}/password")
    String resetPassword(@PathVariable String username, @RequestParam String password, @RequestParam String repeat,
                         Principal operator, RedirectAttributes redirect) {
        try {
            requireSame(password, repeat);
            users.resetPassword(username, password.toCharArray(), operator.getName());
            redirect.addFlashAttribute("reset", username);
        } catch (InvalidUserException e) {
            redirect.addFlashAttribute("problem", e.reason());
        }
        return "redirect:/users";
    }

    @PostMapping("/users/{username}/second-factor/remove")
    String removeSecondFactor(@PathVariable String username, Principal operator, RedirectAttributes redirect) {
        try {
            secondFactor.disable(username, operator.getName());
            redirect.addFlashAttribute("factorRemoved", username);
        } catch (InvalidUserException e) {
            redirect.addFlashAttribute("problem", e.reason());
        }
        return "redirect:/users";
    }

    /** The Account page: own password, and the second factor (its secret proposed until a code confirms it). */
    @GetMapping("/account")
    String account(Principal user, HttpSession session, Model model) {
        model.addAttribute("minLength", users.minPasswordLength());
        boolean enabled = secondFactor.enabled(user.getName());
        model.addAttribute("secondFactor", enabled);
        model.addAttribute("secondFactorRequired", secondFactor.requiredForOperators());
        if (!enabled) {
            String secret = (String) session.getAttribute(PROPOSED_SECRET);
            if (secret == null) {
                secret = secondFactor.newSecret();
                session.setAttribute(PROPOSED_SECRET, secret);
            }
            model.addAttribute("secret", secret);
            model.addAttribute("otpauth", secondFactor.uri(user.getName(), secret));
        }
        return "account";
    }

    @PostMapping("/account/second-factor")
    String enableSecondFactor(@RequestParam(required = false) String code, Principal user, HttpSession session,
                              RedirectAttributes redirect) {
        if (secondFactor.enable(user.getName(), (String) session.getAttribute(PROPOSED_SECRET), code)) {
            session.removeAttribute(PROPOSED_SECRET);
            redirect.addFlashAttribute("factorEnabled", true);
        } else {
            redirect.addFlashAttribute("factorProblem", "account.factor.wrong-code");
        }
        return "redirect:/account";
    }

    @PostMapping("/account/password")
    String changePassword(@RequestParam String current, @RequestParam String password, @RequestParam String repeat,
                          Principal user, HttpServletRequest request, RedirectAttributes redirect) {
        try {
            requireSame(password, repeat);
            int version = users.changePassword(user.getName(), current.toCharArray(), password.toCharArray());
            // This session goes on; the user's other sessions end at their next request.
            SignedInSessions.keep(request, version);
            redirect.addFlashAttribute("changed", true);
        } catch (InvalidUserException e) {
            redirect.addFlashAttribute("problem", e.reason());
        }
        return "redirect:/account";
    }

    private static void requireSame(String password, String repeat) {
        if (!password.equals(repeat)) {
            throw new InvalidUserException("user.passwords-differ", "the two passwords differ");
        }
    }
}
