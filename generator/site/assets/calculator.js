/* "Which assessment do I need?": the branch logic of SEC Section G8.46 to G8.47.
 *
 * Every number, date, label and branch id comes from the JSON that the site build writes from
 * generator.rules (element #secmod-calculator-data); this file holds the logic only, mirroring
 * generator/rules/assessments.py function by function. Counts are BigInt, so any whole number of
 * premises is compared exactly, as Python does.
 */
(function () {
  "use strict";

  var form = document.getElementById("secmod-calculator");
  var source = document.getElementById("secmod-calculator-data");
  if (!form || !source) {
    return;
  }
  var data = JSON.parse(source.textContent);

  function RuleError(message) {
    this.message = message;
  }

  /* Parameter.at: the value in force on `on` (ISO dates compare as strings). */
  function param(name, on) {
    var parameter = data.parameters[name];
    var found = null;
    parameter.values.forEach(function (entry) {
      if (entry.from <= on) {
        found = entry;
      }
    });
    if (found === null) {
      var first = parameter.values.length ? parameter.values[0].from : "never";
      throw new RuleError(name + ": no value in force on " + on + " (first: " + first + ")");
    }
    return found.value;
  }

  /* rule_set_on: the latest rule set whose effective date is not after `on`. */
  function ruleSetOn(on) {
    var current = data.rule_sets[0];
    data.rule_sets.forEach(function (ruleSet) {
      if (ruleSet.effective_from <= on) {
        current = ruleSet;
      }
    });
    return current;
  }

  function grouped(value) {
    return value.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function shortCycle(cycle) {
    return cycle.map(function (a) { return data.assessments[a].short; }).join(", ");
  }

  function repeat(assessment, times) {
    var out = [];
    while (out.length < times) {
      out.push(assessment);
    }
    return out;
  }

  function decided(ruleSet, rule, cycle, values) {
    var branch = ruleSet.rules[rule];
    var reason = data.reasons[branch].replace(/\{(\w+)\}/g, function (_, key) {
      return values[key];
    });
    return { ruleSet: ruleSet, branch: branch, cycle: cycle, reason: reason };
  }

  /* G8.46A as inserted by SECMP0059: the Non-Domestic and the combined thresholds. */
  function classifySupplier(portfolio, on, ruleSet, annual) {
    var threshold = BigInt(param("non_domestic_threshold", on));
    var combinedThreshold = BigInt(param("combined_threshold", on));
    var weight = BigInt(param("non_domestic_weight", on));
    var values = {
      non_domestic: grouped(portfolio.nonDomestic),
      threshold: grouped(threshold),
      combined_threshold: grouped(combinedThreshold),
      weight: weight.toString(),
    };
    if (portfolio.nonDomestic > threshold) {
      return decided(ruleSet, "supplier.non-domestic-above-threshold", annual, values);
    }
    var combined = portfolio.domestic + weight * portfolio.nonDomestic;
    values.combined = grouped(combined);
    if (combined > combinedThreshold) {
      return decided(ruleSet, "supplier.combined-above-threshold", annual, values);
    }
    var cycle = param("supplier_cycle", on);
    values.cycle = shortCycle(cycle);
    return decided(ruleSet, "supplier.cycle", cycle, values);
  }

  /* G8.46 before SECMP0059: the Domestic threshold only; silent on Non-Domestic Premises. */
  function classifySupplierBaseline(portfolio, on, ruleSet, annual) {
    var threshold = BigInt(param("domestic_threshold", on));
    var values = {
      domestic: grouped(portfolio.domestic),
      non_domestic: grouped(portfolio.nonDomestic),
      threshold: grouped(threshold),
    };
    if (portfolio.domestic > threshold) {
      return decided(ruleSet, "supplier.domestic-above-threshold", annual, values);
    }
    if (portfolio.nonDomestic === 0n) {
      var cycle = param("supplier_cycle", on);
      values.cycle = shortCycle(cycle);
      return decided(ruleSet, "supplier.domestic-only-cycle", cycle, values);
    }
    var silent = [data.full].concat(repeat(data.unspecified, data.years - 1));
    return decided(ruleSet, "supplier.non-domestic-silent", silent, values);
  }

  /* classify: which rule decides the portfolio's cycle on `on`. A rule set that has the
   * G8.46A rules applies them; otherwise the rule before SECMP0059 applies. */
  function classify(portfolio, on) {
    var ruleSet = ruleSetOn(on);
    var annual = repeat(data.full, data.years);
    if (portfolio.role === "other") {
      var cycle = param("other_user_cycle", on);
      return decided(ruleSet, "other.cycle", cycle, { cycle: shortCycle(cycle) });
    }
    if ("supplier.non-domestic-above-threshold" in ruleSet.rules) {
      return classifySupplier(portfolio, on, ruleSet, annual);
    }
    return classifySupplierBaseline(portfolio, on, ruleSet, annual);
  }

  /* assessment_in_year: year 1 is always Full; the cycle repeats. */
  function assessmentInYear(classification, year) {
    if (year === 1) {
      return data.full;
    }
    return classification.cycle[(year - 1) % classification.cycle.length];
  }

  function count(input, label) {
    var text = input.value.replace(/[\s,_]/g, "");
    if (text === "") {
      return 0n;
    }
    if (!/^\d+$/.test(text)) {
      throw new RuleError(label + ": enter a whole number of premises, 0 or more");
    }
    return BigInt(text);
  }

  /* Today's local date as YYYY-MM-DD (the Canadian English format is ISO 8601). */
  function today() {
    return new Date().toLocaleDateString("en-CA");
  }

  var field = function (name) { return form.elements.namedItem(name); };
  var result = document.getElementById("secmod-calculator-result");
  var years = document.getElementById("secmod-calculator-years");
  var reason = document.getElementById("secmod-calculator-reason");
  var rules = document.getElementById("secmod-calculator-rules");
  var problem = document.getElementById("secmod-calculator-problem");

  function show(outcome, on) {
    years.textContent = "";
    for (var year = 1; year <= data.years; year += 1) {
      var assessment = assessmentInYear(outcome, year);
      var row = document.createElement("tr");
      var yearCell = document.createElement("td");
      yearCell.textContent = "Year " + year;
      var assessmentCell = document.createElement("td");
      assessmentCell.textContent = data.assessments[assessment].label;
      assessmentCell.setAttribute("data-assessment", assessment);
      row.appendChild(yearCell);
      row.appendChild(assessmentCell);
      years.appendChild(row);
    }
    var assessments = [];
    for (var y = 1; y <= data.years; y += 1) {
      assessments.push(assessmentInYear(outcome, y));
    }
    reason.textContent = outcome.reason;
    rules.textContent = outcome.ruleSet.title + " (in force from " +
      outcome.ruleSet.effective_label + "), read on " + on + ".";
    result.setAttribute("data-branch", outcome.branch);
    result.setAttribute("data-rule-set", outcome.ruleSet.id);
    result.setAttribute("data-assessments", assessments.join(","));
    result.setAttribute("data-reason", outcome.reason);
    result.removeAttribute("data-error");
    result.hidden = false;
    problem.hidden = true;
  }

  function fail(message) {
    result.hidden = true;
    result.setAttribute("data-error", message);
    result.removeAttribute("data-branch");
    result.removeAttribute("data-assessments");
    problem.textContent = message;
    problem.hidden = false;
  }

  function update() {
    var role = field("role").value;
    var premises = document.getElementById("secmod-calculator-premises");
    premises.disabled = role !== "supplier";
    var on = field("on").value || today();
    try {
      var portfolio = {
        role: role,
        domestic: count(field("domestic"), "Domestic Premises"),
        nonDomestic: count(field("non_domestic"), "Non-Domestic Premises"),
      };
      show(classify(portfolio, on), on);
    } catch (error) {
      if (error instanceof RuleError) {
        fail(error.message);
      } else {
        throw error;
      }
    }
  }

  var roleSelect = field("role");
  data.roles.forEach(function (role) {
    var option = document.createElement("option");
    option.value = role.id;
    option.textContent = role.label;
    roleSelect.appendChild(option);
  });
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });
  update();
})();
