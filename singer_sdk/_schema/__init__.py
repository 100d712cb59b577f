"""JSON Schema: building, reading, conforming to and modelling schemas (private homes).

- Building (the ``singer_sdk.typing`` DSL): :mod:`.types` (base and scalar types),
  :mod:`.structures` (arrays, objects, properties, combinations); :mod:`.validation` holds the
  ``jsonschema`` validator classes.
- Reading: :mod:`.predicates`, the one home of "is this property a date-time / a string /
  nullable ..." for every part of the library.
- Conforming a tap's records: :mod:`.conform` (compiler and entry points), :mod:`.conform_fast`
  (the generated root conformer), :mod:`.scalars` (value converters), :mod:`.options` (the
  conformance enums), :mod:`.records` (the record helpers of ``helpers._typing``).
- Modelling: :mod:`.model` (the ``Schema`` object) and :mod:`.references` (``$ref`` resolution),
  public as ``singer_sdk.singerlib.schema``.
"""
