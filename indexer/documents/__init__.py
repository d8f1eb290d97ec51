"""Conference documents: text page by page from PDF, DOCX, PPTX, HTML, Markdown and text."""
