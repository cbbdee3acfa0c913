process.env.FOCOM_VERIFY_TEXT_EDITS = '1';
