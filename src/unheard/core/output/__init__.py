"""Public outputs every app renders the same way: PDFs (`pdf`), CSV files with declared columns
(`csv`) and accessible server-drawn charts (`charts`). See docs/architecture.md, "Public outputs"."""
