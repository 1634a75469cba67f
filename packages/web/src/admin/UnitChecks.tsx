/** Check boxes for choosing care units (staff membership, client limits). */
export function UnitChecks({
  legend,
  units,
  value,
  onChange,
}: {
  legend: string;
  units: { id: string; name: string }[];
  value: string[];
  onChange: (ids: string[]) => void;
}) {
  return (
    <fieldset className="admin-checks">
      <legend className="field__label">{legend}</legend>
      {units.map((u) => (
        <label key={u.id}>
          <input
            type="checkbox"
            checked={value.includes(u.id)}
            onChange={(e) => onChange(e.target.checked ? [...value, u.id] : value.filter((v) => v !== u.id))}
          />
          {u.name}
        </label>
      ))}
    </fieldset>
  );
}
