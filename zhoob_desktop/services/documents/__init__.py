"""Protocols and papers of sittings, rendered with ReportLab in Kazakh, Russian or both.

``issue`` is the entry point (render, finalise, addenda and the other papers);
``layout`` and ``text`` lay pages out in one or two languages; ``protocol``,
``papers`` and ``addendum`` describe each paper; ``files`` writes PDFs
atomically and turns pages into images for the preview.
"""
