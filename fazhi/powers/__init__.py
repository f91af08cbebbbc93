"""The power list (权责清单): power items, discretion rules, exemptions, delegation to townships.

Pure parts (no database): ``domain`` (enumerations), ``facts`` (the fact vocabulary), ``conditions`` (the
condition language), ``engine`` (explain / exemption check) and ``excel`` (workbook layout). The Django parts
follow the house shape: ``models``, ``selectors`` (reads), ``services`` (writes), ``api``, ``views``.
"""
