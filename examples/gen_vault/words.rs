//! Word lists the vault generator draws from: people, accounts, task verbs and objects, prose.
//! Plain data only; the generator decides how often each shows up.

#[rustfmt::skip]
pub const PEOPLE: &[&str] = &[
    "Dana Reyes", "Sam Okafor", "Myself", "Priya Natarajan", "Jon Stefansson", "Lena Vogel",
    "Marco Bianchi", "Aiko Tanaka", "Tomás Herrera", "Grace Mensah", "Oliver Brandt",
    "Nadia Haddad", "Chen Wei", "Ruth Abernathy", "Kofi Asante", "Ines Duarte", "Jon",
    "Malik Farouk", "Hanna Lind", "Victor Moreau", "Zoe Park", "Ben Carter", "Elif Yilmaz",
    "Sofia Rossi",
];

#[rustfmt::skip]
pub const ACCOUNTS: &[&str] = &[
    "Example Co", "Northwind", "Globex", "Initech", "Umbrella Health", "Stark Freight",
    "Wayne Logistics", "Acme Retail", "Blue Harbor Bank", "Cedar Analytics", "Delta Foods",
    "Evergreen Energy", "Falcon Air", "Granite Insurance", "Helios Solar", "Ivory Labs",
    "Juniper Schools", "Keystone Media", "Lumen Telecom", "Maple Clinics", "Nimbus Cloud",
    "Orbit Games", "Pioneer Mining", "Quartz Legal", "Riverbend Hotels", "Summit Outdoor",
    "Tidewater Ports", "Union Textiles", "Vertex Robotics", "Willow Pharma", "Xenon Chips",
    "Yellowstone Water", "Zephyr Motors", "Atlas Payroll", "Beacon Security", "Cobalt Mining",
];

#[rustfmt::skip]
pub const VERBS: &[&str] = &[
    "Draft", "Send", "Book", "Review", "Confirm", "Schedule", "Prepare", "Share", "Follow up on",
    "Update", "Escalate", "Clarify", "Collect", "Finalize", "Check", "Outline", "Compare",
    "Sign off",
];

#[rustfmt::skip]
pub const OBJECTS: &[&str] = &[
    "the integration brief", "the pricing follow-up", "the onsite workshop", "the renewal quote",
    "the security questionnaire", "the quarterly business review deck", "the data migration plan",
    "the pilot success criteria", "the contract redlines", "the support escalation summary",
    "the roadmap slides", "the SSO configuration notes", "the invoice discrepancy",
    "the reference call", "the training schedule", "the API rate limit question",
    "the procurement checklist", "the partner review notes", "the usage report",
];

#[rustfmt::skip]
pub const TOPICS: &[&str] = &[
    "strategy and next steps", "weekly sync", "renewal planning", "pilot kickoff",
    "escalation review", "pricing discussion", "technical deep dive", "executive check-in",
    "onboarding call", "roadmap preview",
];

#[rustfmt::skip]
pub const PROSE: &[&str] = &[
    "The team walked through the current rollout and agreed that the timeline is realistic.",
    "Procurement asked for a revised quote that separates the services from the licences.",
    "We discussed the open support tickets and which of them block the renewal.",
    "The customer’s security team wants a short call before they sign the questionnaire.",
    "Usage grew steadily over the quarter, mostly in the analytics workspace.",
    "There is some concern about the migration window overlapping with their audit.",
    "Everyone agreed to keep the pilot small and measure adoption after four weeks.",
    "The integration with their identity provider works in staging but not yet in production.",
    "Budget for next year is not final; they expect a decision by the end of the month.",
    "They would like a named contact for escalations and a monthly written summary.",
    "A competitor offered a discount, but the team values the reporting features more.",
    "Training went well; the second cohort will start after the holidays.",
    "Legal is reviewing the data processing addendum and may ask for small changes.",
    "The dashboard export is slow on large accounts; engineering is looking into it.",
    "Next meeting should include someone from finance so the invoice questions can be settled.",
    "Notes were written from the call transcript and checked against the shared agenda.",
];

/// Prose with Mac Roman mojibake, as left by a tool that decoded UTF-8 wrongly.
#[rustfmt::skip]
pub const MOJIBAKE_PROSE: &[&str] = &[
    "The customer‚Äôs team confirmed the dates ‚Äì pending legal review.",
    "We didn‚Äôt get to the pricing topic; itâ€™s on the next agenda.",
];

#[rustfmt::skip]
pub const HEADINGS: &[&str] = &[
    "Summary", "Discussion", "Context", "Decisions", "Open Questions", "Risks", "Background",
    "Notes", "Next Steps",
];
#[rustfmt::skip]
pub const PRIORITIES: &[&str] = &[" 🔺", " ⏫", " ⏫", " 🔼", " 🔼", " 🔽", " ⏬", " ⏫\u{FE0F}"];
/// Priority emoji as Mac Roman mojibake (SPEC §2.4): ⏫, 🔺, 🔼.
pub const MOJIBAKE_PRIORITIES: &[&str] = &[" ‚è´", " \u{F8FF}üî∫", " \u{F8FF}üîº"];
pub const DATAVIEW_PRIORITIES: &[&str] = &[
    " [priority:: high]",
    " [priority:: medium]",
    " [priority:: low]",
];
#[rustfmt::skip]
pub const RECURRENCES: &[&str] = &[
    " 🔁 every week", " 🔁 every 2 weeks", " 🔁 every month on the 15th", " [repeat:: every day when done]",
];
