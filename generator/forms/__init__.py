"""Consultation responses, round trip: the response form out, filled forms and spreadsheets in.

* :mod:`~generator.forms.layout`: the fields of a consultation's response form, from its
  questions (the one description the writer and every reader share);
* :mod:`~generator.forms.form_docx`: the response form as a Word document of content controls;
* :mod:`~generator.forms.read_docx`, :mod:`~generator.forms.read_sheet`: filled forms (by
  content-control tag, or by table layout where an editor stripped the controls) and
  spreadsheet exports (XLSX, CSV), as raw field values;
* :mod:`~generator.forms.answers`: raw values validated into response records, every problem
  located;
* :mod:`~generator.forms.merge`: the records merged into ``responses.yaml``, keeping what the
  author wrote there;
* :mod:`~generator.forms.importer`: ``secmod responses import``.
"""
