"""Who takes part, read back in: registrations (CSV, XLSX), replies to invitations (iMIP REPLY), attendance reports, and the status of each person."""
