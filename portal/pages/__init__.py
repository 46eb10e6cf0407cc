"""The pages that gather every app (home, dashboard) and the demo data: the top layer.

Everything here may import any app; nothing below imports this package.
"""
