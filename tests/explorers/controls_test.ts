/**
 * Tests of the explorers' settings: defaults, sanitizing of untrusted values
 * (query strings, form fields, presets) and the round trip through the URL's
 * query string, for every explorer.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import {
  type Control,
  controlsOf,
  defaultSettings,
  fieldsetApplies,
  type NumberControl,
  sanitizeSettings,
  sanitizeValue,
  type Settings,
  settingsFromQuery,
  settingsToQuery,
} from "../../scripts/explorers/_controls.ts";
import { EXPLORERS } from "../../scripts/explorers/mod.ts";
import { seededRandom } from "../../scripts/lib/random.ts";

const slider: NumberControl = {
  kind: "range",
  name: "l",
  label: "l",
  min: -1.5,
  max: 1.5,
  step: 0.01,
  default: 0.9,
};

Deno.test("sanitizeValue() rounds to the step, clamps into range and refuses what is not a number", () => {
  assertEquals(sanitizeValue(slider, "0.5"), 0.5);
  assertEquals(sanitizeValue(slider, "-1.234"), -1.23);
  assertEquals(sanitizeValue(slider, "0.125"), 0.13); // half a step rounds up
  assertEquals(sanitizeValue(slider, "99"), 1.5);
  assertEquals(sanitizeValue(slider, "-1e300"), -1.5);
  assertEquals(sanitizeValue(slider, "-0"), 0);
  assertEquals(Object.is(sanitizeValue(slider, "-0.001"), 0), true); // not −0
  // 0.1 + 0.2 and friends: the grid value, not its binary neighbour.
  assertEquals(sanitizeValue(slider, String(0.1 + 0.2)), 0.3);
  for (
    const bad of [
      "",
      "  ",
      "abc",
      "NaN",
      "Infinity",
      "-Infinity",
      "1e400",
      "1,5",
    ]
  ) {
    assertEquals(sanitizeValue(slider, bad), undefined, JSON.stringify(bad));
  }
  assertEquals(sanitizeValue(slider, undefined), undefined);
  assertEquals(sanitizeValue(slider, null), undefined);
  assertEquals(sanitizeValue(slider, {}), undefined);
  // Steps of 10 from a minimum of 10, and integers.
  const horizon = { ...slider, min: 10, max: 200, step: 10, default: 60 };
  assertEquals(sanitizeValue(horizon, "44"), 40);
  assertEquals(sanitizeValue(horizon, "3"), 10);
  // A box with step "any" keeps what was typed, within range.
  const entry = { ...slider, kind: "number" as const, step: "any" as const };
  assertEquals(sanitizeValue(entry, "0.123456789"), 0.123456789);
  assertEquals(sanitizeValue(entry, "-7"), -1.5);
  const select: Control = {
    kind: "select",
    name: "mode",
    label: "mode",
    options: [{ value: "a", label: "A" }, { value: "b", label: "B" }],
    default: "a",
  };
  assertEquals(sanitizeValue(select, "b"), "b");
  assertEquals(sanitizeValue(select, "B"), undefined);
  assertEquals(sanitizeValue(select, "<script>"), undefined);
});

/** A random valid setting of an explorer: every control away from its default where it can be. */
function randomSettings(
  explorer: (typeof EXPLORERS)[number],
  seed: number,
): Settings {
  const rng = seededRandom(seed);
  const settings: Settings = {};
  for (const control of controlsOf(explorer)) {
    if (control.kind === "select") {
      const options = control.options.map((o) => o.value);
      settings[control.name] =
        options[Math.floor(rng.uniform() * options.length)];
    } else if (control.step === "any") {
      // What a reader types: a few decimals.
      const x = rng.between(control.min, control.max);
      settings[control.name] = Number(x.toFixed(3));
    } else {
      const steps = Math.round((control.max - control.min) / control.step);
      const k = Math.floor(rng.uniform() * (steps + 1));
      settings[control.name] = Number(
        (control.min + k * control.step).toFixed(6),
      );
    }
  }
  return settings;
}

for (const explorer of EXPLORERS) {
  Deno.test(`${explorer.id}: settings survive the round trip through the query string`, () => {
    const defaults = defaultSettings(explorer);
    assertEquals(settingsToQuery(explorer, defaults), "");
    assertEquals(settingsFromQuery(explorer, ""), defaults);
    for (let seed = 1; seed <= 200; seed++) {
      const settings = randomSettings(explorer, seed);
      // Every random setting is already valid: sanitizing changes nothing.
      assertEquals(sanitizeSettings(explorer, settings), settings);
      const query = settingsToQuery(explorer, settings);
      // What is shown comes back; the controls of a group that does not
      // apply are left out of the query, so they come back as defaults.
      const shown = { ...settings };
      for (const fieldset of explorer.fieldsets) {
        if (fieldsetApplies(fieldset, settings)) continue;
        for (const control of fieldset.controls) {
          shown[control.name] = defaults[control.name];
          const name = encodeURIComponent(control.name);
          assert(!new URLSearchParams(query).has(name), query);
        }
      }
      assertEquals(settingsFromQuery(explorer, `?${query}`), shown, query);
      assertEquals(settingsFromQuery(explorer, query), shown, query);
      // And through a full URL, as the browser gives it.
      const url = new URL(`https://notes.example/explorers/x/?${query}#top`);
      assertEquals(settingsFromQuery(explorer, url.search), shown);
    }
  });

  Deno.test(`${explorer.id}: a bad query never throws, and gives valid settings`, () => {
    const defaults = defaultSettings(explorer);
    const controls = controlsOf(explorer);
    const computed = new Set<string>();
    const garbage = [
      "",
      "abc",
      "NaN",
      "-Infinity",
      "1e999",
      "%00",
      "<script>alert(1)</script>",
      "0x10",
      "-99999",
      "99999",
      " 3 ",
      "1.5.5",
    ];
    for (const control of controls) {
      for (const value of garbage) {
        const query = `${control.name}=${encodeURIComponent(value)}&unknown=1`;
        const settings = settingsFromQuery(explorer, query);
        // Only this control may move, and only to a valid value.
        for (const other of controls) {
          if (other !== control) {
            assertEquals(settings[other.name], defaults[other.name]);
          }
        }
        const value2 = settings[control.name];
        if (control.kind === "select") {
          assert(control.options.some((o) => o.value === value2));
        } else {
          assert(typeof value2 === "number" && Number.isFinite(value2));
          assert(
            (value2 as number) >= control.min &&
              (value2 as number) <= control.max,
            query,
          );
        }
        // A valid setting computes without error and gives plain JSON
        // (each distinct setting once: most garbage gives the defaults).
        const key = settingsToQuery(explorer, settings);
        if (!computed.has(key)) {
          computed.add(key);
          const results = explorer.compute(settings);
          assertEquals(JSON.parse(JSON.stringify(results)), results);
        }
      }
    }
    // Repeated keys: the first counts.
    const first = controls.find((c) => c.kind !== "select") as NumberControl;
    const a = settingsFromQuery(
      explorer,
      `${first.name}=${first.min}&${first.name}=${first.max}`,
    );
    assertEquals(a[first.name], first.min);
  });

  Deno.test(`${explorer.id}: presets are valid settings, and every group applies to some setting`, () => {
    const defaults = defaultSettings(explorer);
    for (const preset of explorer.presets ?? []) {
      const settings = sanitizeSettings(explorer, preset.values);
      assertEquals(settings, { ...defaults, ...preset.values }, preset.label);
    }
    for (const fieldset of explorer.fieldsets) {
      if (!fieldset.when) continue;
      const settings = {
        ...defaults,
        [fieldset.when.name]: fieldset.when.value,
      };
      assertEquals(sanitizeSettings(explorer, settings), settings);
      assert(fieldsetApplies(fieldset, settings));
    }
    // Names are unique: they are form fields and query keys.
    const names = controlsOf(explorer).map((c) => c.name);
    assertEquals(new Set(names).size, names.length);
    // Defaults lie on their controls' grids.
    assertEquals(sanitizeSettings(explorer, defaults), defaults);
  });
}
