"""The Excel workbooks (the 台账 and the package's 目录): the only modules that import openpyxl."""
