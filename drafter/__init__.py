"""drafter: mine sample 公文, keep templates, draft GB/T 9704-2012 documents.

The public surface is small; import the stage modules for more.
Heavy imports (jieba, python-docx, OpenCC) stay inside the stages so that
`drafter --help` starts fast.
"""

from drafter.errors import DrafterError

__all__ = ["DrafterError", "__version__"]
__version__ = "0.1.0"
