import { registry } from "@web/core/registry";

/**
 * A customer's ring is too small: she asks on its page for the next size up,
 * preferring an exchange to the free resize, and reads the difference on her
 * request.
 */
registry.category("web_tour.tours").add("sparklife_portal_exchange_request", {
    steps: () => [
        {
            content: "Ask for an exchange",
            trigger: "#aftersales_service",
            run: "select exchange",
        },
        {
            content: "The other size, and what it costs more",
            trigger: "#aftersales_exchange_group:not(.d-none) #aftersales_exchange_product",
            run: "selectByIndex 1",
        },
        {
            content: "She prefers another size to the free resize",
            trigger: "#aftersales_resize_declined",
            run: "check",
        },
        {
            content: "Say why",
            trigger: "#aftersales_description",
            run: "edit Too small for me.",
        },
        {
            content: "Send the request",
            trigger: "#aftersales_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Her request names the new size and the difference",
            trigger: "#aftersales_request_new_piece:contains('Exchanged for'):contains('you pay')",
        },
    ],
});

/**
 * Once the ring is back and checked, the new size ships and she pays the
 * difference from her request, by wire transfer.
 */
registry.category("web_tour.tours").add("sparklife_portal_exchange_pay", {
    steps: () => [
        {
            content: "Open the invoice of the difference",
            trigger: "#aftersales_request_new_piece a:contains('Pay the difference')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Pay it",
            trigger: "a[data-bs-target='#pay_with']",
            run: "click",
        },
        {
            content: "By wire transfer",
            trigger: "#pay_with input[name='o_payment_radio'][data-payment-method-code='wire_transfer']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: "#pay_with button[name='o_payment_submit_button']:not(:disabled)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The payment is recorded, awaiting the transfer",
            trigger: "[name='o_payment_status']",
        },
    ],
});
