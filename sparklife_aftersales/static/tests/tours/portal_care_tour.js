import { registry } from "@web/core/registry";

/** The smallest PNG image (1x1 pixel), as a customer's photo. */
const PNG =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

/**
 * A customer opens her ring, sees its Sparklife Care plan and what it
 * covers, and claims a bent prong under it.
 */
registry.category("web_tour.tours").add("sparklife_portal_care_claim", {
    steps: () => [
        {
            content: "Open the ring from her purchased items",
            trigger: ".o_aftersales_item a:contains('Tour Ring')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The ring's plan is shown, with its claims left",
            trigger: ".o_aftersales_care_plan:contains('Sparklife Care, 5 years')",
        },
        {
            content: "What the plan covers, in words",
            trigger: ".o_aftersales_care_covers:contains('Wear: prongs, clasps and chains')",
        },
        {
            content: "The request form cites the plan",
            trigger: "#aftersales_request_care_plan",
        },
        {
            content: "A repair is free under the plan, once the workshop has seen it",
            trigger: ".o_aftersales_option_warranty:contains('Free')",
        },
        {
            content: "Ask for a repair",
            trigger: "select[name='service']",
            run: "select warranty",
        },
        {
            content: "Say what happened",
            trigger: "textarea[name='description']",
            run: "edit A prong is bent: it caught on a sweater.",
        },
        {
            content: "Add a photo of the prong",
            trigger: "input[name='photos']",
            run() {
                const bytes = Uint8Array.from(atob(PNG), (c) => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], "prong.png", { type: "image/png" }));
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Send the claim",
            trigger: "#aftersales_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The request is received",
            trigger: "#aftersales_submitted:contains('we received your request')",
        },
    ],
});
