"""Generated plans of any size, for tests and benchmarks (never demo data)."""

from datetime import date

from lika.plans import planfile


def synthetic_plan(*, measures: int, units: int, areas: int = 10, identifier: str = "synthetic-plan") -> planfile.PlanFile:
    """A plan with `areas` areas and `measures` measures, each implemented by a few of `units` departments."""
    unit_list = [
        planfile.Unit(key=f"unit-{index:03d}", kind="department", name=planfile.Text(sv=f"Förvaltning {index:03d}"))
        for index in range(units)
    ]
    nodes = [
        planfile.Node(code=f"A{area}", parent=None, title=planfile.Text(sv=f"Område {area}")) for area in range(areas)
    ]
    for index in range(measures):
        implementers = {unit_list[(index * 7 + step) % units].key for step in range(3)}
        responsibilities = [planfile.Responsibility(role="implements", unit=key) for key in sorted(implementers)]
        responsibilities.append(planfile.Responsibility(role="coordinates", unit=unit_list[index % units].key))
        if index % 10 == 0:
            responsibilities.append(planfile.Responsibility(role="implements", scope="all_departments"))
        nodes.append(
            planfile.Node(
                code=str(index + 1),
                parent=f"A{index % areas}",
                title=planfile.Text(sv=f"Åtgärd {index + 1}"),
                responsibilities=responsibilities,
            )
        )
    return planfile.PlanFile(
        municipality=planfile.Municipality(code="9998", slug="synthetic", name="Syntetisk kommun"),
        units=unit_list,
        document=planfile.Document(
            identifier=identifier,
            kind="plan",
            status="adopted",
            title=planfile.Text(sv="Genererad plan"),
            valid_from=date(2024, 1, 1),
            levels=[
                planfile.Level(planfile.Text("Område"), planfile.Text("Områden")),
                planfile.Level(planfile.Text("Åtgärd"), planfile.Text("Åtgärder")),
            ],
            nodes=nodes,
        ),
    )
