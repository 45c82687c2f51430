"""What several writers share to render a Synthesis: texts, figures, charts, fonts, escaping."""
