/* "Which assessment do I need?": a small evaluator of the rule sets declared in generator.rules.
 *
 * The JSON that the site build writes (element #secmod-calculator-data) declares every rule set:
 * its branches by role, in order, each with its tests ([quantity, threshold parameter or null]),
 * its outcome (an assessment id, or a cycle parameter) and its reason sentence; the weighted
 * sums it compares; every parameter's dated values and any note on an assumed value. This file
 * holds no number, branch or sentence of the Code: it reads the declaration as
 * generator/rules/assessments.py does (first branch whose tests all hold; year 1 always Full;
 * the cycle repeats). Counts are BigInt, so any whole number of premises compares exactly.
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

  function grouped(value) {
    return value.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  /* rule_set_on: the latest rule set whose effective date is not after `on`. */
  function ruleSetOn(on) {
    var first = data.rule_sets[0];
    if (on < first.effective_from) {
      throw new RuleError("The rules cover dates from " + first.effective_label +
        " onwards: choose " + first.effective_label + " or a later date.");
    }
    var current = first;
    data.rule_sets.forEach(function (ruleSet) {
      if (ruleSet.effective_from <= on) {
        current = ruleSet;
      }
    });
    return current;
  }

  /* One reading of a rule set for a portfolio, recording every parameter read. */
  function Reading(portfolio, on, ruleSet) {
    this.portfolio = portfolio;
    this.on = on;
    this.ruleSet = ruleSet;
    this.read = [];
  }

  Reading.prototype.param = function (name) {
    if (this.read.indexOf(name) === -1) {
      this.read.push(name);
    }
    var found = null;
    var on = this.on;
    data.parameters[name].values.forEach(function (entry) {
      if (entry.from <= on) {
        found = entry.value;
      }
    });
    return found;
  };

  Reading.prototype.quantity = function (name) {
    var terms = this.ruleSet.quantities[name] || [[name, null]];
    var total = 0n;
    for (var i = 0; i < terms.length; i += 1) {
      var weight = terms[i][1] ? BigInt(this.param(terms[i][1])) : 1n;
      total += this.portfolio[terms[i][0]] * weight;
    }
    return total;
  };

  Reading.prototype.holds = function (test) {
    var value = this.quantity(test[0]);
    return value > (test[1] === null ? 0n : BigInt(this.param(test[1])));
  };

  Reading.prototype.shown = function (name) {
    if (name in data.counts || name in this.ruleSet.quantities) {
      return grouped(this.quantity(name));
    }
    var value = this.param(name);
    if (Array.isArray(value)) {
      return value.map(function (a) { return data.assessments[a].short; }).join(", ");
    }
    return grouped(value);
  };

  /* classify: the first branch of the role whose tests all hold decides. */
  function classify(portfolio, on) {
    var ruleSet = ruleSetOn(on);
    var reading = new Reading(portfolio, on, ruleSet);
    var decided = ruleSet.branches.filter(function (b) { return b.role === portfolio.role; })
      .find(function (b) { return b.when.every(function (t) { return reading.holds(t); }); });
    var cycle = decided.outcome in data.assessments ? [decided.outcome] : reading.param(decided.outcome);
    var reason = decided.reason.replace(/\{(\w+)\}/g, function (_, name) {
      return reading.shown(name);
    });
    return { ruleSet: ruleSet, branch: decided.id, cycle: cycle, reason: reason, read: reading.read };
  }

  /* assessment_in_year: year 1 is always Full; the cycle repeats. */
  function assessmentInYear(outcome, year) {
    return year === 1 ? data.full : outcome.cycle[(year - 1) % outcome.cycle.length];
  }

  var field = function (name) { return form.elements.namedItem(name); };
  var result = document.getElementById("secmod-calculator-result");
  var years = document.getElementById("secmod-calculator-years");
  var reason = document.getElementById("secmod-calculator-reason");
  var rules = document.getElementById("secmod-calculator-rules");
  var assumed = document.getElementById("secmod-calculator-assumed");
  var problem = document.getElementById("secmod-calculator-problem");

  /* A count of premises as typed, or a RuleError that says what to type instead. */
  function count(name) {
    var label = data.counts[name].label;
    var text = field(name).value.replace(/[\s,_]/g, "");
    if (text === "") {
      throw new RuleError(label + ": enter a number of premises (0 if none).");
    }
    if (!/^\d+$/.test(text)) {
      throw new RuleError(label + ": enter a whole number of premises, 0 or more.");
    }
    if (BigInt(text) > BigInt(data.max_premises)) {
      throw new RuleError(label + ": at most " + grouped(data.max_premises) +
        " premises (more than Great Britain has).");
    }
    return BigInt(text);
  }

  function mark(name, message) {
    var element = document.getElementById("secmod-calculator-" + name + "-error");
    element.textContent = message || "";
    element.hidden = !message;
    field(name).setAttribute("aria-invalid", message ? "true" : "false");
  }

  function show(outcome, on) {
    years.textContent = "";
    var assessments = [];
    for (var year = 1; year <= data.years; year += 1) {
      var assessment = assessmentInYear(outcome, year);
      assessments.push(assessment);
      var row = years.insertRow();
      row.insertCell().textContent = "Year " + year;
      var cell = row.insertCell();
      cell.textContent = data.assessments[assessment].label;
      cell.setAttribute("data-assessment", assessment);
    }
    var notes = outcome.read.filter(function (name) { return data.parameters[name].assumed; });
    reason.textContent = outcome.reason;
    rules.textContent = outcome.ruleSet.title + " (in force from " +
      outcome.ruleSet.effective_label + "), read on " + on + ".";
    assumed.textContent = notes.map(function (n) { return data.parameters[n].assumed; }).join(" ");
    assumed.hidden = !notes.length;
    result.setAttribute("data-branch", outcome.branch);
    result.setAttribute("data-rule-set", outcome.ruleSet.id);
    result.setAttribute("data-assessments", assessments.join(","));
    result.setAttribute("data-assumed", notes.join(","));
    result.removeAttribute("data-error");
    result.hidden = false;
    problem.hidden = true;
  }

  function fail(messages) {
    result.hidden = true;
    result.setAttribute("data-error", messages.join(" "));
    result.removeAttribute("data-branch");
    result.removeAttribute("data-assessments");
    problem.textContent = messages.join(" ");
    problem.hidden = false;
  }

  /* Read every field the role needs; each bad one shows its own message. */
  function update() {
    var role = field("role").value;
    var supplier = role === "supplier";
    document.getElementById("secmod-calculator-premises").disabled = !supplier;
    var portfolio = { role: role, domestic: 0n, non_domestic: 0n };
    var messages = [];
    Object.keys(data.counts).forEach(function (name) {
      var message = "";
      if (supplier) {
        try {
          portfolio[name] = count(name);
        } catch (error) {
          if (!(error instanceof RuleError)) { throw error; }
          message = error.message;
          messages.push(message);
        }
      }
      mark(name, message);
    });
    var on = field("on").value || new Date().toLocaleDateString("en-CA");
    var outcome = null;
    try {
      outcome = classify(portfolio, on);
      mark("on", "");
    } catch (error) {
      if (!(error instanceof RuleError)) { throw error; }
      mark("on", error.message);
      messages.push(error.message);
    }
    if (messages.length) {
      fail(messages);
    } else {
      show(outcome, on);
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
