"""fzcj（法治创建）：法治政府建设示范创建任务跟踪工具。"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fzcj")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"
