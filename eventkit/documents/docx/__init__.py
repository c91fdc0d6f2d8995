"""docx"""
