"""现场执法: the officers' offline field client (a PWA at /field/) and its sync API (/api/field/)."""
