import { registry } from "@web/core/registry";

/**
 * A customer hands her ring over to another customer, by email, from the
 * ring's page.
 */
registry.category("web_tour.tours").add("sparklife_portal_transfer_offer", {
    steps: () => [
        {
            content: "Open the ring from her purchased items",
            trigger: ".o_aftersales_item a:contains('Gift Ring')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Give the new owner's email",
            trigger: "#aftersales_transfer_email",
            run: "edit bob@example.com",
        },
        {
            content: "Hand the ring over",
            trigger: "#aftersales_transfer_send",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The offer waits for Bob",
            trigger: "#aftersales_transfer_pending:contains('bob@example.com')",
        },
    ],
});

/**
 * The new owner opens the link he received, sees what follows the ring,
 * accepts it and finds it among his items.
 */
registry.category("web_tour.tours").add("sparklife_portal_transfer_accept", {
    steps: () => [
        {
            content: "The offer names the ring",
            trigger: ".o_aftersales_transfer_offer h3:contains('Gift Ring')",
        },
        {
            content: "It says what follows the ring and what stays the buyer's",
            trigger: "#aftersales_transfer_summary:contains('belong to the first buyer')",
        },
        {
            content: "Accept the ring",
            trigger: "#aftersales_transfer_accept",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The ring is his now",
            trigger: "#aftersales_transfer_accepted",
        },
        {
            content: "Go to his purchased items",
            trigger: "a[href='/my/aftersales']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The ring is among them, handed over to him",
            trigger: ".o_aftersales_item:contains('Gift Ring'):contains('Handed over to you')",
        },
    ],
});
