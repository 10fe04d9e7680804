package org.archivesync.hub.console;

import org.archivesync.hub.security.Audit;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log (nhật ký thao tác), operators only; the sign-in page and the refusal page. */
@Controller
class AuditController {

    private final Audit audit;
    private final ConsoleProperties properties;

    AuditController(Audit audit, ConsoleProperties properties) {
        this.audit = audit;
        this.properties = properties;
    }

    @GetMapping("/audit")
    String audit(@RequestParam(required = false) String user, @RequestParam(defaultValue = "0") int page, Model model) {
        String who = user == null || user.isBlank() ? null : user.strip();
        model.addAttribute("user", who);
        model.addAttribute("entries", audit.entries(who, Math.max(0, page), properties.pageSize()));
        return "audit";
    }

    /** The sign-in page; {@code locked} is the minutes a lockout has left (anything but 1..9999 is ignored). */
    @GetMapping("/login")
    String login(@RequestParam(required = false) String locked, Model model) {
        if (locked != null && locked.matches("[1-9][0-9]{0,3}")) {
            model.addAttribute("lockedMinutes", Integer.parseInt(locked));
        }
        return "login";
    }

    @RequestMapping("/denied")
    String denied() {
        return "denied";
    }
}
