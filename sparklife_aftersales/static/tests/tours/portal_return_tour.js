import { registry } from "@web/core/registry";

/**
 * A customer opens a delivered order in the portal, asks to return the item
 * because she is not satisfied, and reads on the return's page what happens
 * next.
 */
registry.category("web_tour.tours").add("sparklife_portal_return_request", {
    steps: () => [
        {
            content: "Open the return request form",
            trigger: "#request_rma_button a",
            run: "click",
        },
        {
            content: "Return one unit",
            trigger: "#modal-request-rma input[name='0-quantity']",
            run: "edit 1",
        },
        {
            content: "Say why",
            trigger: "#modal-request-rma select[name='0-aftersales_service']",
            run: "select return_satisfaction",
        },
        {
            content: "Send the request",
            trigger: "#modal-request-rma button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The return's page says what happens next",
            trigger: "#aftersales_return_information:contains('Return accepted until')",
        },
        {
            trigger: "#aftersales_return_information:contains('Please wait for our confirmation')",
        },
    ],
});
