import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";

/**
 * The request form of "My after-sales": the submit button is disabled once
 * the form is sent, so that a double click sends it once (the server also
 * makes one request of the same form sent twice), the size field is shown
 * only for a resize, and the choice of a new piece only for an exchange or a
 * trade-up.
 */
export class AftersalesRequestForm extends Interaction {
    static selector = "#aftersales_request_form";
    dynamicContent = {
        _root: { "t-on-submit": this.onSubmit },
        // Nothing to do but let the dynamic content follow the service.
        "#aftersales_service": { "t-on-change": () => {} },
        "#aftersales_size_group": {
            "t-att-class": () => ({ "d-none": this.service() !== "resize" }),
        },
        ".aftersales_new_piece_group": {
            "t-att-class": (el) => ({ "d-none": this.service() !== el.dataset.service }),
        },
    };

    service() {
        return this.el.querySelector("#aftersales_service").value;
    }

    onSubmit() {
        const button = this.el.querySelector("#aftersales_submit");
        // After the browser has taken the form's data, not before.
        this.waitForTimeout(() => {
            button.disabled = true;
        }, 0);
    }
}

registry
    .category("public.interactions")
    .add("sparklife_aftersales.aftersales_request_form", AftersalesRequestForm);
