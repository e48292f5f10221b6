import { registry } from "@web/core/registry";

/**
 * A customer follows a paid repair in her portal, from the request she sends
 * to the piece shipped back to her. Between the parts of the journey the
 * after-sales team does its share (the test moves the request on).
 */

/** Steps that open the first request of "After-sales requests". */
function openHerRequest(currentStep) {
    return [
        {
            content: `Her requests say where it stands: ${currentStep}`,
            trigger: `.o_aftersales_request .o_aftersales_step:contains('${currentStep}')`,
        },
        {
            content: "Open the request",
            trigger: ".o_aftersales_request td:first-child a",
            run: "click",
            expectUnloadPage: true,
        },
    ];
}

registry.category("web_tour.tours").add("sparklife_follow_repair_request", {
    steps: () => [
        {
            content: "Her necklace can be restored, at a price",
            trigger: ".o_aftersales_option_restoration:contains('Paid')",
        },
        {
            content: "Ask for a restoration",
            trigger: "select[name='service']",
            run: "select restoration",
        },
        {
            content: "Say what is needed",
            trigger: "textarea[name='description']",
            run: "edit The plating wore off the clasp.",
        },
        {
            content: "Send the request",
            trigger: "#aftersales_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The request is received, the quotation comes next",
            trigger: "#aftersales_timeline .o_aftersales_step_requested.text-success",
        },
        {
            trigger: "#aftersales_timeline .o_aftersales_step_accepted:contains('Next')",
        },
        {
            content: "The side column tells what the request is about and who answers",
            trigger: "#aftersales_request_summary:contains('Restoration'):contains('Tour Necklace')",
        },
        {
            trigger: "#aftersales_customer_service:contains('24/7')",
        },
    ],
});

registry.category("web_tour.tours").add("sparklife_follow_repair_quotation", {
    steps: () => [
        ...openHerRequest("Quotation to accept"),
        {
            content: "What she must do now: accept the quotation",
            trigger: "#aftersales_customer_action:contains('Your quotation is ready') a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Accept and sign",
            trigger: "a:contains('Sign')",
            run: "click",
        },
        {
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
            trigger: "#quote_content:contains('Thank You'):not(:has(.modal:visible))",
        },
    ],
});

registry.category("web_tour.tours").add("sparklife_follow_repair_in_the_workshop", {
    steps: () => [
        ...openHerRequest("Invoice to pay"),
        {
            content: "The work is finished",
            trigger: "#aftersales_timeline .o_aftersales_step_finished.text-success",
        },
        {
            content: "The condition of the piece when it arrived",
            trigger: "#aftersales_condition:contains('A dent on the clasp')",
        },
        {
            content: "and the photo the workshop took",
            trigger: "#aftersales_intake_photos img.img-thumbnail",
        },
        {
            content: "What she must do now: pay the invoice",
            trigger: "#aftersales_customer_action:contains('waiting for payment') a:contains('Pay')",
        },
    ],
});

registry.category("web_tour.tours").add("sparklife_follow_repair_shipped_back", {
    steps: () => [
        ...openHerRequest("Shipped back to you"),
        {
            content: "Every step is passed",
            trigger: "#aftersales_timeline:not(:has(.badge:contains('Next')))",
        },
        {
            trigger: "#aftersales_timeline .o_aftersales_step_shipped.text-success",
        },
        {
            content: "The parcel's tracking reference",
            trigger: "#aftersales_outbound_tracking:contains('6A555555555FR')",
        },
        {
            content: "Nothing left for her to do",
            trigger: "#aftersales_request_information:not(:has(#aftersales_customer_action))",
        },
    ],
});
