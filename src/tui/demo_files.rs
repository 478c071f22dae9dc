//! The bundled demo vault, embedded file by file so an installed binary carries it.
//! Generated from assets/demo-vault; a test checks that this list matches the folder.

pub const FILES: &[(&str, &[u8])] = &[
    (
        "Accounts/Brightwater Foods.md",
        include_bytes!("../../assets/demo-vault/Accounts/Brightwater Foods.md"),
    ),
    (
        "Accounts/Copperleaf.md",
        include_bytes!("../../assets/demo-vault/Accounts/Copperleaf.md"),
    ),
    (
        "Accounts/Kestrel Bank.md",
        include_bytes!("../../assets/demo-vault/Accounts/Kestrel Bank.md"),
    ),
    (
        "Accounts/Orbital Freight.md",
        include_bytes!("../../assets/demo-vault/Accounts/Orbital Freight.md"),
    ),
    (
        "Accounts/Pinecrest Health.md",
        include_bytes!("../../assets/demo-vault/Accounts/Pinecrest Health.md"),
    ),
    (
        "Daily/2026-11-20.md",
        include_bytes!("../../assets/demo-vault/Daily/2026-11-20.md"),
    ),
    (
        "Daily/2026-11-23.md",
        include_bytes!("../../assets/demo-vault/Daily/2026-11-23.md"),
    ),
    (
        "Dashboard.md",
        include_bytes!("../../assets/demo-vault/Dashboard.md"),
    ),
    (
        "Inbox.md",
        include_bytes!("../../assets/demo-vault/Inbox.md"),
    ),
    (
        "Meetings/2026-11-02 Kestrel Bank security review.md",
        include_bytes!(
            "../../assets/demo-vault/Meetings/2026-11-02 Kestrel Bank security review.md"
        ),
    ),
    (
        "Meetings/2026-11-05 Brightwater Foods QBR.md",
        include_bytes!("../../assets/demo-vault/Meetings/2026-11-05 Brightwater Foods QBR.md"),
    ),
    (
        "Meetings/2026-11-09 Pinecrest Health onboarding kickoff.md",
        include_bytes!(
            "../../assets/demo-vault/Meetings/2026-11-09 Pinecrest Health onboarding kickoff.md"
        ),
    ),
    (
        "Meetings/2026-11-10 Weekly CS sync.md",
        include_bytes!("../../assets/demo-vault/Meetings/2026-11-10 Weekly CS sync.md"),
    ),
    (
        "Meetings/2026-11-11 Brightwater Foods escalation.md",
        include_bytes!(
            "../../assets/demo-vault/Meetings/2026-11-11 Brightwater Foods escalation.md"
        ),
    ),
    (
        "Meetings/2026-11-12 Orbital Freight renewal call.md",
        include_bytes!(
            "../../assets/demo-vault/Meetings/2026-11-12 Orbital Freight renewal call.md"
        ),
    ),
    (
        "Meetings/2026-11-13 Quillon Labs discovery call.md",
        include_bytes!(
            "../../assets/demo-vault/Meetings/2026-11-13 Quillon Labs discovery call.md"
        ),
    ),
    (
        "Meetings/2026-11-16 Pipeline review with Marco.md",
        include_bytes!("../../assets/demo-vault/Meetings/2026-11-16 Pipeline review with Marco.md"),
    ),
    (
        "Meetings/2026-11-17 Weekly CS sync.md",
        include_bytes!("../../assets/demo-vault/Meetings/2026-11-17 Weekly CS sync.md"),
    ),
    (
        "Meetings/2026-11-18 Copperleaf pilot check-in.md",
        include_bytes!("../../assets/demo-vault/Meetings/2026-11-18 Copperleaf pilot check-in.md"),
    ),
    (
        "Meetings/2026-11-19 Kestrel Bank procurement call.md",
        include_bytes!(
            "../../assets/demo-vault/Meetings/2026-11-19 Kestrel Bank procurement call.md"
        ),
    ),
    (
        "Meetings/2026-11-19 Product roadmap preview.md",
        include_bytes!("../../assets/demo-vault/Meetings/2026-11-19 Product roadmap preview.md"),
    ),
    (
        "Meetings/2026-11-20 1-1 with Lena.md",
        include_bytes!("../../assets/demo-vault/Meetings/2026-11-20 1-1 with Lena.md"),
    ),
    (
        "Meetings/2026-11-20 Pinecrest Health integration workshop.md",
        include_bytes!(
            "../../assets/demo-vault/Meetings/2026-11-20 Pinecrest Health integration workshop.md"
        ),
    ),
    (
        "Meetings/2026-11-23 Orbital Freight renewal prep.md",
        include_bytes!(
            "../../assets/demo-vault/Meetings/2026-11-23 Orbital Freight renewal prep.md"
        ),
    ),
    (
        "People/Aiko Tanaka.md",
        include_bytes!("../../assets/demo-vault/People/Aiko Tanaka.md"),
    ),
    (
        "People/Grace Liu.md",
        include_bytes!("../../assets/demo-vault/People/Grace Liu.md"),
    ),
    (
        "People/Jon Stefansson.md",
        include_bytes!("../../assets/demo-vault/People/Jon Stefansson.md"),
    ),
    (
        "People/Lena Fischer.md",
        include_bytes!("../../assets/demo-vault/People/Lena Fischer.md"),
    ),
    (
        "People/Marco Bellini.md",
        include_bytes!("../../assets/demo-vault/People/Marco Bellini.md"),
    ),
    (
        "People/Priya Natarajan.md",
        include_bytes!("../../assets/demo-vault/People/Priya Natarajan.md"),
    ),
    (
        "People/Ruth Okonkwo.md",
        include_bytes!("../../assets/demo-vault/People/Ruth Okonkwo.md"),
    ),
    (
        "People/Tomas Varga.md",
        include_bytes!("../../assets/demo-vault/People/Tomas Varga.md"),
    ),
    (
        "Projects/Customer advisory board.md",
        include_bytes!("../../assets/demo-vault/Projects/Customer advisory board.md"),
    ),
    (
        "Projects/Onboarding checklist v2.md",
        include_bytes!("../../assets/demo-vault/Projects/Onboarding checklist v2.md"),
    ),
    (
        "Projects/Renewal playbook refresh.md",
        include_bytes!("../../assets/demo-vault/Projects/Renewal playbook refresh.md"),
    ),
    (
        "Projects/Support handoff process.md",
        include_bytes!("../../assets/demo-vault/Projects/Support handoff process.md"),
    ),
    (
        "Weekly Review.md",
        include_bytes!("../../assets/demo-vault/Weekly Review.md"),
    ),
];
