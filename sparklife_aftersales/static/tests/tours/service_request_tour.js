import { registry } from "@web/core/registry";

/**
 * Customer service opens a resize request from the Service Requests kanban,
 * asks the policy for its assessment and approves the free resize.
 */
registry.category("web_tour.tours").add("sparklife_service_request_approve", {
    steps: () => [
        {
            content: "Open the resize request from the kanban",
            trigger: ".o_kanban_record:contains('Tour resize request')",
            run: "click",
        },
        {
            content: "The policy says the resize is free",
            trigger: ".o_field_widget[name=aftersales_eligibility]:contains('Free')",
        },
        {
            trigger: ".o_field_widget[name=aftersales_reason]:contains('Free resize available until')",
        },
        {
            content: "Ask for the assessment",
            trigger: ".o_form_statusbar button:contains('Assess')",
            run: "click",
        },
        {
            content: "The assessment is posted in the chatter",
            trigger: ".o-mail-Message:contains('Shipping paid by: Customer')",
        },
        {
            content: "Approve the free resize",
            trigger: ".o_form_statusbar button:contains('Approve free service')",
            run: "click",
        },
        {
            content: "The approval is recorded and logged",
            trigger: ".o-mail-Message:contains('Free service approved by')",
        },
        {
            trigger: ".o_form_statusbar:not(:has(button:contains('Approve free service')))",
        },
    ],
});

/**
 * A clerk (After-Sales / User only) invoices a paid service the customer
 * accepted: the draft invoice opens for accounting to post.
 */
registry.category("web_tour.tours").add("sparklife_clerk_invoices_paid_request", {
    steps: () => [
        {
            content: "Open the accepted restoration",
            trigger: ".o_kanban_record:contains('Tour restoration request')",
            run: "click",
        },
        {
            content: "Invoice the accepted quotation",
            trigger: ".o_form_statusbar button[name=action_aftersales_create_invoice]",
            run: "click",
        },
        {
            content: "The draft invoice opens, for the customer",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Draft')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains('Test Customer')",
        },
    ],
});
