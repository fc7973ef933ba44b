"""What the treasurer may do with the funds (declared on `FundsConfig`): the campaigns, the
ledger and the aid records, with the sources they cite. Donors and beneficiaries are the
treasurer's and the admin's alone."""

from unheard.core.plugins import RoleGrant, permissions

_RECORDS = (
    "paymentmethod",
    "donor",
    "subscription",
    "exchangerate",
    "beneficiary",
    "aidrecord",
    "runningcost",
    "aggregatefigure",
)

TREASURY = (
    permissions("funds", ["view", "add", "change", "publish"], ["campaign"])
    | permissions("funds", ["view", "add", "change", "delete"], ["campaignupdate"])
    | permissions("funds", ["view", "add"], ["donation", "donationimport"])
    | permissions("funds", ["view", "add", "change"], _RECORDS)
    | {"core.view_source", "core.add_source"}
)

ROLE_GRANTS = (
    RoleGrant("treasurer", TREASURY | permissions("registry", ["view"], ["person", "case"])),
)
