"""The connection settings of the remote filesystems a :class:`FolderTap` can read from."""

from __future__ import annotations

from singer_sdk import typing as th

__all__ = ["FTP", "SFTP"]

#: The ``ftp`` setting: connection to an FTP server (used when ``filesystem`` is ``ftp``).
FTP = th.Property(
    "ftp",
    th.ObjectType(
        th.Property(
            "host", th.StringType, required=True, title="FTP Host", description="FTP server host"
        ),
        th.Property(
            "port", th.IntegerType, default=21, title="FTP Port", description="FTP server port"
        ),
        th.Property("username", th.StringType, title="FTP Username", description="FTP username"),
        th.Property(
            "password", th.StringType, secret=True, title="FTP Password", description="FTP password"
        ),
        th.Property(
            "timeout",
            th.IntegerType,
            default=60,
            title="Timeout",
            description="Timeout of the FTP connection in seconds",
        ),
        th.Property(
            "encoding",
            th.StringType,
            default="utf-8",
            title="Encoding",
            description="FTP server encoding",
        ),
        additional_properties=True,
    ),
    description="FTP connection settings",
)

#: The ``sftp`` setting: connection to an SSH server (used when ``filesystem`` is ``sftp``).
SFTP = th.Property(
    "sftp",
    th.ObjectType(
        th.Property(
            "host", th.StringType, required=True, title="SFTP Host", description="SFTP server host"
        ),
        th.Property(
            "ssh_kwargs",
            th.ObjectType(
                th.Property(
                    "port",
                    th.IntegerType,
                    default=22,
                    title="SFTP Port",
                    description="SFTP server port",
                ),
                th.Property(
                    "username",
                    th.StringType,
                    required=True,
                    title="SFTP Username",
                    description="SFTP username",
                ),
                th.Property(
                    "password",
                    th.StringType,
                    secret=True,
                    title="SFTP Password",
                    description="SFTP password",
                ),
                th.Property(
                    "pkey",
                    th.StringType,
                    secret=True,
                    title="SFTP Private Key",
                    description="Private key",
                ),
                th.Property(
                    "timeout",
                    th.IntegerType,
                    default=60,
                    title="Timeout",
                    description="Timeout of the SFTP connection in seconds",
                ),
                additional_properties=True,
            ),
            title="SSH Connection Settings",
            description="SSH connection settings",
        ),
        additional_properties=True,
    ),
    description="SFTP connection settings",
)
