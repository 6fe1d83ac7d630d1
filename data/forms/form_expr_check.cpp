// The checker of relevance expressions: resolves names to earlier questions, checks the types
// of operators and functions, and fills in each node's type for the evaluator.
#include <algorithm>

#include "data/forms/form_expr_internal.h"

namespace stem::forms::expr_internal {
namespace {

using Node = Expression::Node;

std::string OpText(const Node& n) {
  switch (n.kind) {
    case Node::Kind::kAnd:
      return "'and'";
    case Node::Kind::kOr:
      return "'or'";
    case Node::Kind::kNot:
      return "'not'";
    case Node::Kind::kNegate:
      return "'-'";
    default:
      break;
  }
  switch (n.op) {
    case Node::Op::kEq:
      return "'='";
    case Node::Op::kNe:
      return "'!='";
    case Node::Op::kLt:
      return "'<'";
    case Node::Op::kLe:
      return "'<='";
    case Node::Op::kGt:
      return "'>'";
    case Node::Op::kGe:
      return "'>='";
    case Node::Op::kAdd:
      return "'+'";
    case Node::Op::kSub:
      return "'-'";
    case Node::Op::kMul:
      return "'*'";
    case Node::Op::kDiv:
      return "'/'";
    case Node::Op::kNone:
      break;
  }
  return "?";
}

// Types a question can have but an operator cannot use: they live inside functions only.
bool IsValue(ExprType t) {
  return t != ExprType::kChoices && t != ExprType::kRepeat && t != ExprType::kOther;
}

std::string Misuse(const std::string& id, ExprType t) {
  switch (t) {
    case ExprType::kChoices:
      return "'" + id + "' is a multiple-choice question; use it only in selected(" + id +
             ", 'value'), count(" + id + ") or answered(" + id + ")";
    case ExprType::kRepeat:
      return "'" + id + "' is a repeat group; use it only in count(" + id + ") or answered(" + id +
             ")";
    default:
      return "'" + id + "' has no value to compare; use it only in answered(" + id + ")";
  }
}

class Checker {
 public:
  Checker(const Expression::TypeLookup& lookup, std::vector<std::string>* references)
      : lookup_(lookup), references_(references) {}

  std::optional<ExprError> Run(Node* root) {
    if (!Check(root)) return error_;
    if (root->type != ExprType::kBool) {
      return ExprError{root->start, "the expression must be true or false, but it gives " +
                                        TypeName(root->type)};
    }
    return std::nullopt;
  }

 private:
  bool Fail(size_t position, std::string message) {
    error_ = ExprError{position, std::move(message)};
    return false;
  }

  std::optional<ExprType> Resolve(const Node& name) {
    std::optional<ExprType> type = lookup_ ? lookup_(name.text) : std::nullopt;
    if (!type) {
      std::string message =
          "unknown question '" + name.text + "' (only earlier questions can be named)";
      if (name.text.find('-') != std::string::npos) {
        message += "; to subtract, put spaces around '-'";
      }
      Fail(name.position, std::move(message));
      return std::nullopt;
    }
    if (std::find(references_->begin(), references_->end(), name.text) == references_->end()) {
      references_->push_back(name.text);
    }
    return type;
  }

  bool Check(Node* n) {
    switch (n->kind) {
      case Node::Kind::kNumber:
      case Node::Kind::kText:
      case Node::Kind::kBool:
        return true;  // typed by the parser
      case Node::Kind::kQuestion: {
        std::optional<ExprType> type = Resolve(*n);
        if (!type) return false;
        if (!IsValue(*type)) return Fail(n->position, Misuse(n->text, *type));
        n->type = *type;
        return true;
      }
      case Node::Kind::kNot:
      case Node::Kind::kNegate: {
        const bool is_not = n->kind == Node::Kind::kNot;
        if (!Check(n->children[0].get())) return false;
        const ExprType want = is_not ? ExprType::kBool : ExprType::kNumber;
        if (n->children[0]->type != want) {
          return Fail(n->position, OpText(*n) + " needs " + TypeName(want) + ", not " +
                                       TypeName(n->children[0]->type));
        }
        n->type = want;
        return true;
      }
      case Node::Kind::kAnd:
      case Node::Kind::kOr:
        return CheckOperands(n, ExprType::kBool, "true/false values") && Typed(n, ExprType::kBool);
      case Node::Kind::kArith:
        return CheckOperands(n, ExprType::kNumber, "numbers") && Typed(n, ExprType::kNumber);
      case Node::Kind::kCompare:
        return CheckComparison(n);
      case Node::Kind::kCall:
        return CheckCall(n);
    }
    return Fail(n->position, "internal error: unknown node");
  }

  static bool Typed(Node* n, ExprType type) {
    n->type = type;
    return true;
  }

  bool CheckOperands(Node* n, ExprType want, const char* what) {
    for (size_t i = 0; i < 2; ++i) {
      if (!Check(n->children[i].get())) return false;
      if (n->children[i]->type != want) {
        return Fail(n->position, OpText(*n) + " needs " + what + " on both sides, but its " +
                                     (i == 0 ? "left" : "right") + " side is " +
                                     TypeName(n->children[i]->type));
      }
    }
    return true;
  }

  bool CheckComparison(Node* n) {
    if (!Check(n->children[0].get()) || !Check(n->children[1].get())) return false;
    const ExprType left = n->children[0]->type;
    const ExprType right = n->children[1]->type;
    if (left != right) {
      return Fail(n->position, "cannot compare " + TypeName(left) + " with " + TypeName(right));
    }
    const bool ordering = n->op != Node::Op::kEq && n->op != Node::Op::kNe;
    if (ordering && left != ExprType::kNumber && left != ExprType::kDate) {
      return Fail(n->position, OpText(*n) + " compares numbers or dates, not " + TypeName(left));
    }
    return Typed(n, ExprType::kBool);
  }

  // The first argument of selected(), count() and answered() is a question's id as written.
  std::optional<ExprType> QuestionArgument(const Node& call) {
    const Node& arg = *call.children[0];
    if (arg.kind != Node::Kind::kQuestion) {
      Fail(arg.start, call.text + "() needs a question's id as its first argument");
      return std::nullopt;
    }
    return Resolve(arg);
  }

  bool CheckCall(Node* n) {
    using F = Node::Function;
    const size_t arity = n->function == F::kToday ? 0 : n->function == F::kSelected ? 2 : 1;
    if (n->children.size() != arity) {
      return Fail(n->position, n->text + "() takes " +
                                   (arity == 0   ? std::string("no arguments")
                                    : arity == 1 ? std::string("1 argument")
                                                 : std::string("2 arguments")));
    }
    Node* arg = arity > 0 ? n->children[0].get() : nullptr;
    switch (n->function) {
      case F::kSelected: {
        std::optional<ExprType> type = QuestionArgument(*n);
        if (!type) return false;
        if (*type != ExprType::kChoices && *type != ExprType::kString) {
          return Fail(arg->position, "selected() needs a choice question, but '" + arg->text +
                                         "' holds " + TypeName(*type));
        }
        arg->type = *type;
        Node* value = n->children[1].get();
        if (!Check(value)) return false;
        if (value->type != ExprType::kString) {
          return Fail(value->start,
                      "selected() needs text as its second argument, like "
                      "'robotics', not " +
                          TypeName(value->type));
        }
        return Typed(n, ExprType::kBool);
      }
      case F::kCount: {
        std::optional<ExprType> type = QuestionArgument(*n);
        if (!type) return false;
        if (*type != ExprType::kChoices && *type != ExprType::kRepeat) {
          return Fail(arg->position,
                      "count() needs a repeat group or a multiple-choice "
                      "question, but '" +
                          arg->text + "' holds " + TypeName(*type));
        }
        arg->type = *type;
        return Typed(n, ExprType::kNumber);
      }
      case F::kAnswered: {
        std::optional<ExprType> type = QuestionArgument(*n);
        if (!type) return false;
        arg->type = *type;
        return Typed(n, ExprType::kBool);
      }
      case F::kToday:
        return Typed(n, ExprType::kDate);
      case F::kDate: {
        if (arg->kind != Node::Kind::kText) {
          return Fail(arg->start, "date() needs a date in quotes, like date('2026-07-01')");
        }
        std::optional<int> days = DayNumber(arg->text);
        if (!days) {
          return Fail(arg->position, "invalid date '" + Printable(arg->text) +
                                         "': write a real calendar date as 'YYYY-MM-DD' "
                                         "(years 1900 to 2200)");
        }
        n->days = *days;
        return Typed(n, ExprType::kDate);
      }
      case F::kAge:
        if (!Check(arg)) return false;
        if (arg->type != ExprType::kDate) {
          return Fail(arg->start,
                      "age() needs a date, like age(birth_date), not " + TypeName(arg->type));
        }
        return Typed(n, ExprType::kNumber);
      case F::kNone:
        break;
    }
    return Fail(n->position, "internal error: unknown function");
  }

  const Expression::TypeLookup& lookup_;
  std::vector<std::string>* references_;
  std::optional<ExprError> error_;
};

}  // namespace

std::string TypeName(ExprType type) {
  switch (type) {
    case ExprType::kNumber:
      return "a number";
    case ExprType::kString:
      return "text";
    case ExprType::kBool:
      return "a true/false value";
    case ExprType::kDate:
      return "a date";
    case ExprType::kChoices:
      return "a list of choices";
    case ExprType::kRepeat:
      return "a repeat group";
    case ExprType::kOther:
      return "a signature";
  }
  return "an unknown type";
}

std::optional<ExprError> Check(Expression::Node* root, const Expression::TypeLookup& lookup,
                               std::vector<std::string>* references) {
  return Checker(lookup, references).Run(root);
}

}  // namespace stem::forms::expr_internal
