import { registry } from "@web/core/registry";

/** The smallest PNG image (1x1 pixel), as a customer's photo. */
const PNG =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

function photoFile() {
    const bytes = Uint8Array.from(atob(PNG), (c) => c.charCodeAt(0));
    return new File([bytes], "ring.png", { type: "image/png" });
}

/**
 * A customer goes from the portal's home to one of her rings, reads what it
 * is entitled to, and asks for its free resize with a photo.
 */
registry.category("web_tour.tours").add("sparklife_portal_aftersales_request", {
    steps: () => [
        {
            content: "Open After-sales from the portal's home",
            trigger: ".o_portal_index_card a[href='/my/aftersales']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The ring's free resize is told in a sentence",
            trigger: ".o_aftersales_item:contains('Tour Ring'):contains('Free resize available until')",
        },
        {
            content: "Open the ring",
            trigger: ".o_aftersales_item a:contains('Tour Ring')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "A resize is free",
            trigger: ".o_aftersales_option_resize:contains('Free')",
        },
        {
            content: "Ask for a resize",
            trigger: "select[name='service']",
            run: "select resize",
        },
        {
            content: "Say what is needed",
            trigger: "textarea[name='description']",
            run: "edit One size smaller, please.",
        },
        {
            content: "Give the size",
            trigger: "input[name='aftersales_requested_size']",
            run: "edit 52",
        },
        {
            content: "Add a photo of the ring",
            trigger: "input[name='photos']",
            run() {
                const transfer = new DataTransfer();
                transfer.items.add(photoFile());
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Send the request",
            trigger: "#aftersales_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The request's reference and next steps are shown",
            trigger: "#aftersales_submitted:contains('we received your request')",
        },
        {
            trigger: "#aftersales_next_steps:contains('Please wait for our confirmation')",
        },
    ],
});

/**
 * A customer opens her request, reviews the quotation of the paid service
 * and accepts it with her signature.
 */
registry.category("web_tour.tours").add("sparklife_portal_aftersales_quotation", {
    steps: () => [
        {
            content: "Open the request",
            trigger: ".o_aftersales_request td:first-child a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Review the quotation",
            trigger: "#aftersales_quotation_accept",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Accept and sign",
            trigger: "a:contains('Sign')",
            run: "click",
        },
        {
            content: "Sign with her name",
            trigger: ".modal .o_web_sign_name_and_signature input",
            run: "edit Alice Tour",
        },
        {
            trigger: ".modal canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        {
            content: "Confirm the signature",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The quotation is accepted",
            trigger: "#quote_content:contains('Thank You')",
        },
    ],
});
