# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Constants that several files of the addon share: selections of fields,
groups of services, states. The policy's own vocabulary (services, outcomes,
causes) lives in :mod:`.policy`; this module gives it Odoo's words."""

from . import policy

# Selections (labels are translated by Odoo as field selections) ---------------

SERVICE_SELECTION = [
    (policy.WARRANTY, "Warranty repair or replacement"),
    (policy.CLEANING, "Cleaning and maintenance"),
    (policy.RESIZE, "Size adjustment"),
    (policy.ACCESSORY, "Accessory repair or replacement"),
    (policy.RESTORATION, "Restoration"),
    (policy.APPRAISAL, "Appraisal"),
    (policy.RETURN_SATISFACTION, "Return: not satisfied"),
    (policy.RETURN_QUALITY, "Return: quality issue"),
    (policy.EXCHANGE, "Exchange"),
    (policy.TRADE_UP, "Trade-up"),
    (policy.INQUIRY, "Inquiry"),
    (policy.COMPLAINT, "Complaint"),
]
OUTCOME_SELECTION = [
    (policy.FREE, "Free"),
    (policy.PAID, "Paid service"),
    (policy.REFUSED, "Refused"),
]
DAMAGE_CAUSE_SELECTION = [
    (policy.NOT_ASSESSED, "Not yet assessed"),
    (policy.MANUFACTURING_DEFECT, "Manufacturing defect"),
    (policy.ACCIDENTAL_DAMAGE, "Accidental damage"),
    (policy.IMPROPER_USE, "Improper use"),
    (policy.UNAUTHORIZED_REPAIR, "Unauthorized repair"),
    (policy.NORMAL_WEAR, "Normal wear"),
    (policy.LOST_STONE, "Lost stone"),
]
SHIPPING_PAYERS = [
    (policy.CUSTOMER, "Customer"),
    (policy.COMPANY, "Company"),
]

# Returns ------------------------------------------------------------------------

#: The services whose piece comes back on an RMA: the returns, and what a
#: customer may have instead of a refund (an exchange, a trade-up).
RETURN_SERVICES = (
    policy.RETURN_SATISFACTION,
    policy.RETURN_QUALITY,
    policy.EXCHANGE,
    policy.TRADE_UP,
)
#: The RMA operation of a service other than a plain return.
RETURN_OPERATIONS = {
    policy.EXCHANGE: "sparklife_aftersales.rma_operation_aftersales_exchange",
    policy.TRADE_UP: "sparklife_aftersales.rma_operation_aftersales_trade_up",
}
RETURN_SELECTION = [item for item in SERVICE_SELECTION if item[0] in RETURN_SERVICES]
#: States of a return whose outcome is settled: its request is done.
RETURN_CLOSED_STATES = ("refunded", "returned", "replaced", "finished", "locked")
#: The RMA field recording each condition of a satisfaction return.
CONDITION_FIELDS = {
    "unused": "aftersales_condition_unused",
    "original_packaging": "aftersales_condition_packaging",
    "certificate": "aftersales_condition_certificate",
    "resalable": "aftersales_condition_resalable",
}
CONDITION_SELECTION = [("met", "Yes"), ("failed", "No")]
#: What the workshop found on receipt of a quality return.
DEFECT_FOUND_SELECTION = [
    ("confirmed", "Defect confirmed"),
    ("not_confirmed", "Defect not confirmed"),
]

# Coverage of products --------------------------------------------------------------

#: Whether a product's pieces are covered by after-sales: as its category says,
#: or the product's own choice.
COVERAGE_SELECTION = [
    ("category", "As its category"),
    ("covered", "Covered"),
    ("not_covered", "Not covered"),
]

# Paid services --------------------------------------------------------------------

#: What a service product prices (product.template.aftersales_service_kind).
SERVICE_KINDS = [
    ("repair", "Jewelry repair"),
    ("resize", "Resize"),
    ("resize_redesign", "Resize with redesign"),
    ("accessory_repair", "Accessory repair"),
    ("accessory_replacement", "Accessory replacement"),
    ("repolishing", "Restoration: repolishing"),
    ("replating", "Restoration: replating"),
    ("shipping", "Shipping fee"),
    ("care_deductible", "Care plan deductible"),
    ("appraisal", "Appraisal"),
]
#: The service product of a redesign, priced by the workshop for each design.
REDESIGN_SERVICE_KIND = "resize_redesign"
SHIPPING_SERVICE_KIND = "shipping"
#: What the customer pays for a claim on a care plan, priced by the plan.
CARE_DEDUCTIBLE_SERVICE_KIND = "care_deductible"
#: The service product a paid quotation starts from, per service.
DEFAULT_SERVICE_KIND = {
    policy.WARRANTY: "repair",
    policy.RESIZE: "resize",
    policy.ACCESSORY: "accessory_repair",
    policy.RESTORATION: "repolishing",
    policy.APPRAISAL: "appraisal",
}
#: The service products staff may pick instead, per service.
ALLOWED_SERVICE_KINDS = {
    policy.WARRANTY: ("repair", "accessory_repair", "accessory_replacement"),
    policy.RESIZE: ("resize", REDESIGN_SERVICE_KIND),
    policy.ACCESSORY: ("accessory_repair", "accessory_replacement"),
    policy.RESTORATION: ("repolishing", "replating"),
    policy.APPRAISAL: ("appraisal",),
}
#: Where the paid service of a request stands, from quotation to payment.
BILLING_STATES = [
    ("quotation", "Quoted"),
    ("to_invoice", "Accepted, to invoice"),
    ("not_paid", "Invoiced, not paid"),
    ("partial", "Partially paid"),
    ("paid", "Paid"),
]

# Stages of requests -----------------------------------------------------------------

#: Steps of a request, each with the stage flag that stands for it.
STEP_FLAGS = {
    "progress": "aftersales_work_started",
    "awaiting": "aftersales_waiting_customer",
    "done": "aftersales_work_done",
}

# Portal ---------------------------------------------------------------------------

#: Photos the portal accepts, by their content (never by their name).
PHOTO_MIMETYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")

# The workshop -------------------------------------------------------------------------

#: Services that are work on the piece, done as a workshop job.
WORKSHOP_SERVICES = (
    policy.WARRANTY,
    policy.CLEANING,
    policy.RESIZE,
    policy.ACCESSORY,
    policy.RESTORATION,
    policy.APPRAISAL,
)
#: Where a piece in the workshop is, the columns of the workshop's board.
WORKSHOP_STAGES = [
    ("to_receive", "To receive"),
    ("received", "Received"),
    ("in_progress", "In progress"),
    ("ready", "Ready"),
    ("shipped", "Shipped back"),
]
#: The company setting giving each service's lead time, in days.
WORKSHOP_LEAD_FIELDS = {
    policy.WARRANTY: "aftersales_lead_days_warranty",
    policy.CLEANING: "aftersales_lead_days_cleaning",
    policy.RESIZE: "aftersales_lead_days_resize",
    policy.ACCESSORY: "aftersales_lead_days_accessory",
    policy.RESTORATION: "aftersales_lead_days_restoration",
    policy.APPRAISAL: "aftersales_lead_days_appraisal",
}

# Telling the customer -------------------------------------------------------------------

#: The steps of a request each told to the customer once, by email (and SMS
#: where the company says so).
NOTICE_STEPS = [
    ("approved", "Request approved"),
    ("received", "Piece received at the workshop"),
    ("quotation", "Quotation to accept"),
    ("finished", "Work finished"),
    ("shipped", "Piece shipped back"),
    ("refunded", "Return received and refunded"),
]
#: The company setting saying whether a step is also told by SMS.
NOTICE_SMS_FIELDS = {step: f"aftersales_sms_on_{step}" for step, _label in NOTICE_STEPS}
