"""Reading what people upload (CSV files from banks, processors, spreadsheets)."""
