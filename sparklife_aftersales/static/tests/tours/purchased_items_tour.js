import { registry } from "@web/core/registry";

/**
 * A back-office user opens After-Sales > Purchased Items and keeps the items
 * that can still be resized for free.
 */
registry.category("web_tour.tours").add("sparklife_purchased_items_filter", {
    steps: () => [
        {
            content: "Both purchased rings are listed",
            trigger: ".o_list_view .o_data_row:contains('Test Eternity Ring')",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Test Adjustable Ring')",
        },
        {
            content: "Open the search options",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Filter the items whose free resize is still available",
            trigger: ".o_filter_menu .o-dropdown-item:contains('Free resize available')",
            run: "click",
        },
        {
            content: "The filter is applied",
            trigger: ".o_searchview_facet:contains('Free resize available')",
        },
        {
            content: "The fixed-size ring, which has no free resize, is gone",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Test Eternity Ring')))",
        },
        {
            content: "The adjustable ring remains",
            trigger: ".o_list_view .o_data_row:contains('Test Adjustable Ring')",
        },
    ],
});
