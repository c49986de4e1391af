//! Compile-time guarantees of the generated API, pinned with trybuild.

#[test]
fn missing_required_fields_positional_ids_and_request_literals_do_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/missing_required_field.rs");
    t.compile_fail("ui/ids_cannot_be_swapped_by_position.rs");
    t.compile_fail("ui/requests_are_not_struct_literals.rs");
}
