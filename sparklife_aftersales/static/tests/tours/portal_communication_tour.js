import { registry } from "@web/core/registry";

/**
 * A customer opens the portal, goes to the communication preferences and
 * accepts news by SMS.
 */
registry.category("web_tour.tours").add("sparklife_portal_communication_preferences", {
    steps: () => [
        {
            content: "Open the communication preferences from the portal home",
            trigger: "a[href='/my/communication']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Accept news by SMS",
            trigger: "input#consent_sms",
            run: "check",
        },
        {
            content: "Save",
            trigger: ".o_portal_communication button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The preferences are saved",
            trigger: ".o_portal_communication .alert-success",
        },
        {
            trigger: "input#consent_sms:checked",
        },
    ],
});
