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
