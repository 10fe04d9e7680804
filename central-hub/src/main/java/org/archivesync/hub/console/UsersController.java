package org.archivesync.hub.console;

import java.security.Principal;
import org.archivesync.hub.security.InvalidUserException;
import org.archivesync.hub.security.Role;
import org.archivesync.hub.security.Users;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Users (người dùng): operators add users, enable and disable them; everyone changes their own password. Every
 * change is audited like any other console form.
 */
@Controller
class UsersController {

    private final Users users;

    UsersController(Users users) {
        this.users = users;
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

    @GetMapping("/account")
    String account(Model model) {
        model.addAttribute("minLength", users.minPasswordLength());
        return "account";
    }

    @PostMapping("/account/password")
    String changePassword(@RequestParam String current, @RequestParam String password, @RequestParam String repeat,
                          Principal user, RedirectAttributes redirect) {
        try {
            requireSame(password, repeat);
            users.changePassword(user.getName(), current.toCharArray(), password.toCharArray());
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
