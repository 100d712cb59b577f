"""Singer catalogs, breadcrumb metadata and selection (public names).

``Metadata.InclusionType`` is also available as ``InclusionType``.
"""

from __future__ import annotations

from singer_sdk._catalog.catalog import Catalog, CatalogEntry
from singer_sdk._catalog.errors import InvalidCatalogError
from singer_sdk._catalog.metadata import (
    REPLICATION_FULL_TABLE,
    REPLICATION_INCREMENTAL,
    REPLICATION_LOG_BASED,
    AnyMetadata,
    Breadcrumb,
    InclusionType,
    Metadata,
    MetadataMapping,
    SelectionMask,
    StreamMetadata,
)
from singer_sdk.helpers._compat import aliases_getattr

__all__ = [
    "REPLICATION_FULL_TABLE",
    "REPLICATION_INCREMENTAL",
    "REPLICATION_LOG_BASED",
    "AnyMetadata",
    "Breadcrumb",
    "Catalog",
    "CatalogEntry",
    "InclusionType",
    "InvalidCatalogError",
    "Metadata",
    "MetadataMapping",
    "SelectionMask",
    "StreamMetadata",
]

# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "Schema": "singer_sdk.singerlib.schema",
    },
)
