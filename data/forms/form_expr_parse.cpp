// Lexer and recursive-descent parser of relevance expressions (grammar in data/forms/FORMAT.md).
// The parser only builds the tree; names and types are checked in form_expr_check.cpp.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <utility>

#include "data/forms/form_expr_internal.h"

namespace stem::forms::expr_internal {
namespace {

using Node = Expression::Node;

struct Token {
  enum class Kind {
    kNumber,
    kText,
    kName,
    kAnd,
    kOr,
    kNot,
    kTrue,
    kFalse,
    kEq,
    kNe,
    kLt,
    kLe,
    kGt,
    kGe,
    kPlus,
    kMinus,
    kStar,
    kSlash,
    kLParen,
    kRParen,
    kComma,
    kEnd
  };
  Kind kind = Kind::kEnd;
  size_t position = 0;
  std::string_view source;  // the token as written
  std::string text;         // names and text literals (unescaped)
  double number = 0;
};
using K = Token::Kind;

bool IsNameStart(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNameChar(char c) { return IsNameStart(c) || IsDigit(c) || c == '_' || c == '-'; }

ExprError UnexpectedCharacter(std::string_view text, size_t i) {
  char c = text[i];
  auto next_is = [&](char n) { return i + 1 < text.size() && text[i + 1] == n; };
  std::string message;
  if (c == '=' && next_is('=')) {
    message = "use '=' to compare, not '=='";
  } else if (c == '!') {
    message = "use 'not' instead of '!'";
  } else if (c == '&') {
    message = "use 'and' instead of '&'";
  } else if (c == '|') {
    message = "use 'or' instead of '|'";
  } else if (c == '"') {
    message = "text goes in single quotes, like 'robotics'";
  } else if (IsUpper(c)) {
    message = "unexpected character '" + std::string(1, c) + "' (names and words are lowercase)";
  } else if (c > ' ' && c < 0x7f) {
    message = "unexpected character '" + std::string(1, c) + "'";
  } else {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
    message = std::string("unexpected byte ") + hex + " (outside quotes only ASCII is allowed)";
  }
  return {i, message};
}

// The operator or punctuation starting at text[i], if any ("==" and a lone '!' are not).
std::optional<K> OperatorAt(std::string_view text, size_t i) {
  const char next = i + 1 < text.size() ? text[i + 1] : '\0';
  switch (text[i]) {
    case '=':
      return next == '=' ? std::nullopt : std::optional(K::kEq);
    case '!':
      return next == '=' ? std::optional(K::kNe) : std::nullopt;
    case '<':
      return next == '=' ? K::kLe : K::kLt;
    case '>':
      return next == '=' ? K::kGe : K::kGt;
    case '+':
      return K::kPlus;
    case '-':
      return K::kMinus;
    case '*':
      return K::kStar;
    case '/':
      return K::kSlash;
    case '(':
      return K::kLParen;
    case ')':
      return K::kRParen;
    case ',':
      return K::kComma;
    default:
      return std::nullopt;
  }
}

// Names are lexed greedily: `a-b` is the question "a-b"; subtraction needs spaces (`a - b`).
std::variant<std::vector<Token>, ExprError> Lex(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (true) {
    while (i < text.size() &&
           (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) {
      ++i;
    }
    if (i >= text.size()) break;
    if (tokens.size() == kMaxTokens) {
      return ExprError{i, "expression is too long: more than " + std::to_string(kMaxTokens) +
                              " names, values and operators"};
    }
    Token t;
    t.position = i;
    const size_t begin = i;
    const char c = text[i];
    if (IsDigit(c)) {
      while (i < text.size() && IsDigit(text[i])) ++i;
      if (i + 1 < text.size() && text[i] == '.' && IsDigit(text[i + 1])) {
        ++i;
        while (i < text.size() && IsDigit(text[i])) ++i;
      }
      // A letter, '_' or a second '.' right after a number is a typo ("2a", "1.2.3", "3.").
      if (i < text.size() &&
          (IsNameStart(text[i]) || IsUpper(text[i]) || text[i] == '_' || text[i] == '.')) {
        return ExprError{begin, "malformed number '" +
                                    Printable(text.substr(begin, i + 1 - begin)) +
                                    "' (numbers look like 12 or 3.5)"};
      }
      auto [end, ec] = std::from_chars(text.data() + begin, text.data() + i, t.number);
      if (ec != std::errc() || end != text.data() + i) {
        return ExprError{
            begin, "number '" + Printable(text.substr(begin, i - begin)) + "' is out of range"};
      }
      t.kind = K::kNumber;
    } else if (c == '\'') {
      ++i;
      while (true) {
        if (i >= text.size()) {
          return ExprError{begin, "text is missing its closing quote (')"};
        }
        if (text[i] == '\'') {
          if (i + 1 < text.size() && text[i + 1] == '\'') {
            t.text += '\'';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        t.text += text[i++];
      }
      t.kind = K::kText;
    } else if (IsNameStart(c)) {
      while (i < text.size() && IsNameChar(text[i])) ++i;
      t.text = std::string(text.substr(begin, i - begin));
      t.kind = t.text == "and"     ? K::kAnd
               : t.text == "or"    ? K::kOr
               : t.text == "not"   ? K::kNot
               : t.text == "true"  ? K::kTrue
               : t.text == "false" ? K::kFalse
                                   : K::kName;
    } else {
      std::optional<K> kind = OperatorAt(text, i);
      if (!kind) return UnexpectedCharacter(text, i);
      t.kind = *kind;
      i += (t.kind == K::kNe || t.kind == K::kLe || t.kind == K::kGe) ? 2 : 1;
    }
    t.source = text.substr(begin, i - begin);
    tokens.push_back(std::move(t));
  }
  Token end;
  end.position = text.size();
  tokens.push_back(std::move(end));
  return tokens;
}

std::optional<Node::Function> FunctionNamed(const std::string& name) {
  if (name == "selected") return Node::Function::kSelected;
  if (name == "count") return Node::Function::kCount;
  if (name == "answered") return Node::Function::kAnswered;
  if (name == "today") return Node::Function::kToday;
  if (name == "date") return Node::Function::kDate;
  if (name == "age") return Node::Function::kAge;
  return std::nullopt;
}

std::optional<Node::Op> ComparisonOp(K kind) {
  switch (kind) {
    case K::kEq:
      return Node::Op::kEq;
    case K::kNe:
      return Node::Op::kNe;
    case K::kLt:
      return Node::Op::kLt;
    case K::kLe:
      return Node::Op::kLe;
    case K::kGt:
      return Node::Op::kGt;
    case K::kGe:
      return Node::Op::kGe;
    default:
      return std::nullopt;
  }
}

// One precedence level per function, lowest first. Every function returns nullptr after
// recording the first error. `depth_` counts open parentheses, calls and prefix operators, so
// the recursion (and the tree the checker and evaluator walk) stays within kMaxDepth.
class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  std::variant<NodePtr, ExprError> Run() {
    NodePtr root = ParseOr();
    if (root && Peek().kind != K::kEnd) Unexpected(Peek());
    if (error_) return *error_;
    return root;
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    return tokens_[std::min(next_ + ahead, tokens_.size() - 1)];
  }
  const Token& Take() {
    const Token& t = Peek();
    if (next_ + 1 < tokens_.size()) ++next_;
    return t;
  }

  NodePtr Fail(size_t position, std::string message) {
    if (!error_) error_ = ExprError{position, std::move(message)};
    return nullptr;
  }
  static std::string Describe(const Token& t) {
    if (t.kind == K::kText) return "text '" + Printable(t.text) + "'";
    return "'" + Printable(t.source) + "'";
  }
  NodePtr Unexpected(const Token& t) {
    if (t.kind == K::kEnd) return Fail(t.position, "unexpected end of expression");
    return Fail(t.position, "unexpected " + Describe(t));
  }
  bool Expect(K kind, const char* what) {
    const Token& t = Peek();
    if (t.kind == kind) {
      Take();
      return true;
    }
    if (t.kind == K::kEnd) {
      Fail(t.position, std::string("unexpected end of expression: expected ") + what);
    } else {
      Fail(t.position, std::string("expected ") + what + ", found " + Describe(t));
    }
    return false;
  }
  bool Enter(size_t position) {
    if (++depth_ <= Expression::kMaxDepth) return true;
    Fail(position, "expression is nested too deeply (more than " +
                       std::to_string(Expression::kMaxDepth) + " levels)");
    return false;
  }

  static NodePtr Leaf(Node::Kind kind, const Token& t) {
    auto n = std::make_unique<Node>();
    n->kind = kind;
    n->position = n->start = t.position;
    return n;
  }
  static NodePtr Binary(Node::Kind kind, Node::Op op, const Token& t, NodePtr left, NodePtr right) {
    NodePtr n = Leaf(kind, t);
    n->op = op;
    n->start = left->start;
    n->children.push_back(std::move(left));
    n->children.push_back(std::move(right));
    return n;
  }
  static NodePtr Prefix(Node::Kind kind, const Token& t, NodePtr operand) {
    NodePtr n = Leaf(kind, t);
    n->children.push_back(std::move(operand));
    return n;
  }

  NodePtr ParseOr() {
    NodePtr left = ParseAnd();
    while (left && Peek().kind == K::kOr) {
      const Token& op = Take();
      NodePtr right = ParseAnd();
      if (!right) return nullptr;
      left = Binary(Node::Kind::kOr, Node::Op::kNone, op, std::move(left), std::move(right));
    }
    return left;
  }

  NodePtr ParseAnd() {
    NodePtr left = ParseNot();
    while (left && Peek().kind == K::kAnd) {
      const Token& op = Take();
      NodePtr right = ParseNot();
      if (!right) return nullptr;
      left = Binary(Node::Kind::kAnd, Node::Op::kNone, op, std::move(left), std::move(right));
    }
    return left;
  }

  NodePtr ParseNot() {
    if (Peek().kind != K::kNot) return ParseComparison();
    const Token& op = Take();
    if (!Enter(op.position)) return nullptr;
    NodePtr operand = ParseNot();
    --depth_;
    if (!operand) return nullptr;
    return Prefix(Node::Kind::kNot, op, std::move(operand));
  }

  // Comparisons do not chain: `1 < a < 3` is an error, not `(1 < a) < 3`.
  NodePtr ParseComparison() {
    NodePtr left = ParseAdditive();
    if (!left) return nullptr;
    std::optional<Node::Op> op = ComparisonOp(Peek().kind);
    if (!op) return left;
    const Token& op_token = Take();
    NodePtr right = ParseAdditive();
    if (!right) return nullptr;
    if (ComparisonOp(Peek().kind)) {
      return Fail(Peek().position,
                  "comparisons cannot be chained; join them with 'and', like a > 1 and a < 5");
    }
    return Binary(Node::Kind::kCompare, *op, op_token, std::move(left), std::move(right));
  }

  NodePtr ParseAdditive() {
    NodePtr left = ParseMultiplicative();
    while (left && (Peek().kind == K::kPlus || Peek().kind == K::kMinus)) {
      const Token& op = Take();
      NodePtr right = ParseMultiplicative();
      if (!right) return nullptr;
      left = Binary(Node::Kind::kArith, op.kind == K::kPlus ? Node::Op::kAdd : Node::Op::kSub, op,
                    std::move(left), std::move(right));
    }
    return left;
  }

  NodePtr ParseMultiplicative() {
    NodePtr left = ParseUnary();
    while (left && (Peek().kind == K::kStar || Peek().kind == K::kSlash)) {
      const Token& op = Take();
      NodePtr right = ParseUnary();
      if (!right) return nullptr;
      left = Binary(Node::Kind::kArith, op.kind == K::kStar ? Node::Op::kMul : Node::Op::kDiv, op,
                    std::move(left), std::move(right));
    }
    return left;
  }

  NodePtr ParseUnary() {
    if (Peek().kind != K::kMinus) return ParsePrimary();
    const Token& op = Take();
    if (!Enter(op.position)) return nullptr;
    NodePtr operand = ParseUnary();
    --depth_;
    if (!operand) return nullptr;
    return Prefix(Node::Kind::kNegate, op, std::move(operand));
  }

  NodePtr ParsePrimary() {
    const Token& t = Peek();
    switch (t.kind) {
      case K::kNumber: {
        NodePtr n = Leaf(Node::Kind::kNumber, Take());
        n->number = t.number;
        n->type = ExprType::kNumber;
        return n;
      }
      case K::kText: {
        NodePtr n = Leaf(Node::Kind::kText, Take());
        n->text = t.text;
        n->type = ExprType::kString;
        return n;
      }
      case K::kTrue:
      case K::kFalse: {
        NodePtr n = Leaf(Node::Kind::kBool, Take());
        n->boolean = t.kind == K::kTrue;
        return n;
      }
      case K::kName: {
        if (Peek(1).kind == K::kLParen) return ParseCall();
        NodePtr n = Leaf(Node::Kind::kQuestion, Take());
        n->text = t.text;
        return n;
      }
      case K::kLParen: {
        if (!Enter(Take().position)) return nullptr;
        NodePtr inner = ParseOr();
        if (!inner || !Expect(K::kRParen, "')'")) return nullptr;
        --depth_;
        return inner;
      }
      case K::kNot:
        return Fail(t.position,
                    "'not' cannot start an operand here; put it in parentheses, "
                    "like a = (not b)");
      case K::kEnd:
        return Unexpected(t);
      default:
        return Fail(t.position, "expected a value, found " + Describe(t));
    }
  }

  NodePtr ParseCall() {
    const Token& name = Take();
    std::optional<Node::Function> function = FunctionNamed(name.text);
    if (!function) return Fail(name.position, "unknown function '" + name.text + "'");
    NodePtr call = Leaf(Node::Kind::kCall, name);
    call->function = *function;
    call->text = name.text;
    if (!Enter(Take().position)) return nullptr;  // the '('
    if (Peek().kind == K::kRParen) {
      Take();
    } else {
      while (true) {
        NodePtr argument = ParseOr();
        if (!argument) return nullptr;
        call->children.push_back(std::move(argument));
        if (Peek().kind == K::kComma) {
          Take();
          continue;
        }
        if (!Expect(K::kRParen, "',' or ')'")) return nullptr;
        break;
      }
    }
    --depth_;
    return call;
  }

  std::vector<Token> tokens_;
  size_t next_ = 0;
  int depth_ = 0;
  std::optional<ExprError> error_;
};

}  // namespace

std::string Printable(std::string_view text) {
  constexpr size_t kShown = 30;
  std::string out;
  for (char c : text.substr(0, kShown)) out += (c >= ' ' && c < 0x7f) ? c : '?';
  if (text.size() > kShown) out += "...";
  return out;
}

std::variant<NodePtr, ExprError> Parse(std::string_view text) {
  auto lexed = Lex(text);
  if (auto* error = std::get_if<ExprError>(&lexed)) return *error;
  return Parser(std::get<std::vector<Token>>(std::move(lexed))).Run();
}

}  // namespace stem::forms::expr_internal
