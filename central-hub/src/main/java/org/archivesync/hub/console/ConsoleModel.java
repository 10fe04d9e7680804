package org.archivesync.hub.console;

import java.security.Principal;
import org.archivesync.hub.security.Role;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page knows about the signed-in user: name and what the role allows. */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {

    private static final Formats FORMATS = new Formats();

    /** The signed-in user and what the page may offer; null on the sign-in page. */
    record Viewer(String username, boolean canExport, boolean canOperate) {
    }

    @ModelAttribute("fmt")
    Formats formats() {
        return FORMATS;
    }

    @ModelAttribute("viewer")
    Viewer viewer(Principal principal) {
        if (!(principal instanceof Authentication authentication)) {
            return null;
        }
        return new Viewer(authentication.getName(), has(authentication, Role.ARCHIVIST), has(authentication, Role.OPERATOR));
    }

    private static boolean has(Authentication authentication, Role role) {
        return authentication.getAuthorities().stream().anyMatch(a -> {
            String name = a.getAuthority();
            for (Role r : Role.values()) {
                if (r.authority().equals(name)) {
                    return r.compareTo(role) >= 0;
                }
            }
            return false;
        });
    }
}
