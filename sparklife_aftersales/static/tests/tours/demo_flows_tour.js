import { registry } from "@web/core/registry";

/**
 * Chloé, a French customer of the demo, accepts the quotation of her
 * accessory repair with her signature, in French: nothing to pay to accept it.
 */
registry.category("web_tour.tours").add("sparklife_demo_chloe_accepts_her_quotation", {
    steps: () => [
        {
            content: "Her requests, in French: her earring's quotation waits for her",
            trigger:
                ".o_aftersales_request:has(.badge:contains('À accepter')):contains('oreilles en perle') td:first-child a",
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
            content: "The after-sales team is her contact",
            trigger: "#aftersales_quotation_contact:contains('Service après-vente')",
        },
        {
            content: "Accept and sign: no payment is asked",
            trigger: "a:contains('Accepter & Signer')",
            run: "click",
        },
        {
            trigger: ".modal .o_web_sign_name_and_signature input",
            run: "edit Chloé Martin",
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
            content: "The quotation is accepted, with no payment window",
            trigger: "#quote_content:contains('Merci !'):not(:has(.modal:visible))",
        },
    ],
});

/** Steps that open a request from the Service Requests list by its title. */
function openRequest(title) {
    return [
        {
            content: `Open the request "${title}"`,
            trigger: `.o_kanban_record:contains('${title}')`,
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_statusbar",
        },
    ];
}

/** Steps that validate the transfer open in the form view. */
function validateTransfer(what) {
    return [
        {
            content: what,
            trigger: ".o_form_statusbar button[name=button_validate]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
        {
            content: "Back to the workshop job",
            trigger: ".o_breadcrumb li.breadcrumb-item.o_back_button a",
            run: "click",
        },
    ];
}

/**
 * Steps that send the open request to the workshop, where the piece is
 * received, repaired and shipped back; then back to the request.
 */
function workshopJob(title) {
    return [
        {
            content: "Send the piece to the workshop: a job opens",
            trigger: ".o_form_statusbar button[name=action_aftersales_send_to_workshop]",
            run: "click",
        },
        {
            content: "The job waits for the piece",
            trigger: ".o_field_widget[name=aftersales_workshop_stage]:contains('To receive')",
        },
        {
            content: "The piece arrives: open its receipt",
            trigger: ".o_form_statusbar button[name=action_aftersales_open_receipt]",
            run: "click",
        },
        ...validateTransfer("The piece is received at the workshop"),
        {
            content: "Received, with its estimated completion",
            trigger: ".o_field_widget[name=aftersales_workshop_stage]:contains('Received')",
        },
        {
            content: "The jeweler confirms the job",
            trigger: ".o_form_statusbar button[name=action_validate]",
            run: "click",
        },
        {
            content: "and starts the work",
            trigger: ".o_form_statusbar button[name=action_repair_start]",
            run: "click",
        },
        {
            content: "The work is done",
            trigger: ".o_form_statusbar button[name=action_repair_end]:visible",
            run: "click",
        },
        {
            content: "The piece is ready: ship it back",
            trigger: ".o_form_statusbar button[name=action_aftersales_ship_back]",
            run: "click",
        },
        ...validateTransfer("The piece leaves the workshop"),
        {
            content: "The job is over",
            trigger: ".o_field_widget[name=aftersales_workshop_stage]:contains('Shipped back')",
        },
        {
            content: "Back to the request",
            trigger: `.o_breadcrumb li.breadcrumb-item a:contains('${title}')`,
            run: "click",
        },
        {
            content: "The request is done",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
    ];
}

/**
 * A clerk with only After-Sales / User takes a warranty claim to the end:
 * the piece comes in for assessment, the jeweler records a manufacturing
 * defect, the repair goes on free, and the piece is shipped back.
 */
registry.category("web_tour.tours").add("sparklife_demo_clerk_warranty_claim", {
    steps: () => [
        ...openRequest("A claw of my solitaire is loose"),
        {
            content: "Approval waits for the workshop's finding, and says so",
            trigger: "div[name=aftersales_action_hint]:contains('the workshop')",
        },
        {
            trigger: ".o_form_statusbar:not(:has(button:contains('Approve free service')))",
        },
        {
            content: "Send the piece in for assessment: a job opens",
            trigger: ".o_form_statusbar button[name=action_aftersales_send_for_assessment]",
            run: "click",
        },
        {
            content: "The job is an assessment, neither free nor quoted",
            trigger: ".o_form_view:has(.ribbon:contains('For assessment')) .o_field_widget[name=aftersales_workshop_stage]:contains('To receive')",
        },
        {
            trigger: ".o_form_statusbar:not(:has(button[name=action_create_sale_order]))",
        },
        {
            content: "The piece arrives: open its receipt",
            trigger: ".o_form_statusbar button[name=action_aftersales_open_receipt]",
            run: "click",
        },
        ...validateTransfer("The piece is received at the workshop"),
        {
            content: "The jeweler found a manufacturing defect",
            trigger: ".o_field_widget[name=aftersales_damage_cause] .o_select_menu_toggler",
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains('Manufacturing defect')",
            run: "click",
        },
        {
            content: "The assessment is done: the policy answers",
            trigger: ".o_form_statusbar button[name=action_aftersales_assessment_done]",
            run: "click",
        },
        {
            content: "The repair goes on free, under warranty",
            trigger: ".o-mail-Message:contains('Assessed by the workshop')",
        },
        {
            trigger: ".o_field_widget[name=under_warranty] input:checked",
        },
        {
            trigger: ".o_form_statusbar:not(:has(button[name=action_create_sale_order]))",
        },
        ...workshopJob("A claw of my solitaire is loose").slice(6),
    ],
});

/** The clerk takes Chloé's free resize to the end. */
registry.category("web_tour.tours").add("sparklife_demo_clerk_free_resize", {
    steps: () => [
        ...openRequest("My new solitaire is a little too big"),
        {
            content: "Ask the policy: the answer shows at once",
            trigger: ".o_form_statusbar button:contains('Assess')",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('Free resize available until')",
        },
        {
            content: "Approve the free resize",
            trigger: ".o_form_statusbar button:contains('Approve free service')",
            run: "click",
        },
        {
            trigger: ".o-mail-Message:contains('Free service approved by')",
        },
        ...workshopJob("My new solitaire is a little too big"),
    ],
});

/**
 * The clerk takes Chloé's quality return to the end: confirms the issue seen
 * on her photos, receives the earrings, records the defect, refunds them.
 */
registry.category("web_tour.tours").add("sparklife_demo_clerk_quality_return", {
    steps: () => [
        {
            content: "Open Chloé's quality return",
            trigger: ".o_data_row:contains('Pearl Drop Earrings') td.o_data_cell",
            run: "click",
        },
        {
            content: "Customer service saw the photos: the issue is confirmed",
            trigger: ".o_field_widget[name=aftersales_quality_confirmed] input",
            run: "click",
        },
        {
            trigger: ".o_form_button_save:visible",
            run: "click",
        },
        {
            content: "Tell Chloé to send the earrings",
            trigger: ".o_form_statusbar button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Open the receipt",
            trigger: "button[name=action_view_receipt]",
            run: "click",
        },
        {
            content: "The earrings arrived",
            trigger: ".o_form_statusbar button[name=button_validate]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
        {
            content: "Back to the return",
            trigger: ".o_breadcrumb li.breadcrumb-item.o_back_button a",
            run: "click",
        },
        {
            content: "The return is received",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Received')",
        },
        {
            content: "The workshop confirms the defect",
            trigger: ".o_field_widget[name=aftersales_quality_defect_found] .form-check:contains('Defect confirmed') input",
            run: "click",
        },
        {
            content: "Record what was found",
            trigger: ".o_form_statusbar button[name=action_aftersales_record_conditions]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=aftersales_reason]:contains('confirmed the defect')",
        },
        {
            content: "Refund the earrings (a credit note of her invoice)",
            trigger: ".o_form_statusbar button[name=action_refund]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Refunded')",
        },
    ],
});
