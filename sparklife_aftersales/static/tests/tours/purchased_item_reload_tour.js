import { registry } from "@web/core/registry";

/**
 * A purchased item's address, opened (or reloaded) as it is: its own form,
 * with its New service request button, under Purchased Items.
 */
registry.category("web_tour.tours").add("sparklife_purchased_item_reload", {
    steps: () => [
        {
            content: "The purchased item's form offers a new service request",
            trigger: ".o_form_view button[name='action_aftersales_new_request']",
        },
        {
            content: "It shows the item's coverage, not the sale line's price and taxes",
            trigger: ".o_form_view .o_field_widget[name='aftersales_warranty_end']",
        },
        {
            trigger: ".o_form_view:not(:has(.o_field_widget[name='price_unit']))",
        },
        {
            content: "It is found under Purchased Items",
            trigger: ".o_breadcrumb:contains('Purchased Items')",
        },
    ],
});
