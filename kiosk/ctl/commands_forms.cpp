// forms validate|install|list, keys generate|use|show.
#include "data/forms/form_spec.h"
#include "data/seal.h"
#include "kiosk/ctl/args.h"
#include "kiosk/ctl/kioskctl.h"

namespace stem::ctl {
namespace {

Result<std::string> OneFile(const Args& args, const std::string& what) {
  if (args.positionals().size() != 1) return Status::InvalidArgument("usage", what + " needs one FILE");
  return ReadFile(args.positionals()[0], forms::kMaxSpecBytes);
}

Status FormsValidate(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {}));
  STEM_ASSIGN_OR_RETURN(std::string text, OneFile(args, "forms validate"));
  forms::LoadResult loaded = forms::LoadFormSpec(text);
  const std::string& path = args.positionals()[0];
  if (auto* errors = std::get_if<std::vector<forms::SpecError>>(&loaded)) {
    nlohmann::json doc = {{"valid", false}, {"errors", nlohmann::json::array()}};
    std::string out;
    for (const forms::SpecError& e : *errors) {
      doc["errors"].push_back({{"question", e.question}, {"field", e.field}, {"message", e.message}});
      out += path + ": " + e.ToString() + "\n";
    }
    ctx.Print(out, doc);
    return Status::InvalidArgument("invalid_form", path + " has " + std::to_string(errors->size()) +
                                                       " problem(s); nothing was changed");
  }
  const forms::FormSpec& spec = std::get<forms::FormSpec>(loaded);
  ctx.Print(path + ": form " + spec.id + " version " + std::to_string(spec.version) + " is valid",
            {{"valid", true}, {"id", spec.id}, {"version", spec.version}});
  return Status::Ok();
}

Status FormsInstall(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {}));
  STEM_ASSIGN_OR_RETURN(std::string text, OneFile(args, "forms install"));
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_ASSIGN_OR_RETURN(FormInfo info, store.InstallForm(text));
  ctx.Print("Installed form " + info.id + " version " + std::to_string(info.version),
            {{"id", info.id}, {"version", info.version}, {"kind", info.kind}});
  return Status::Ok();
}

Status FormsList(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {}));
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_ASSIGN_OR_RETURN(std::vector<FormInfo> list, store.ListForms());
  nlohmann::json doc = nlohmann::json::array();
  std::string out;
  for (const FormInfo& f : list) {
    doc.push_back({{"id", f.id}, {"version", f.version}, {"kind", f.kind}, {"title", f.title},
                   {"sensitive", f.sensitive}});
    out += f.id + "  v" + std::to_string(f.version) + "  " + f.kind + "  " + f.title +
           (f.sensitive ? "  [sealed answers]" : "") + "\n";
  }
  if (list.empty()) out = "No forms installed";
  ctx.Print(out, doc);
  return Status::Ok();
}

Status KeysGenerate(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {{"out"}, {}}));
  STEM_ASSIGN_OR_RETURN(std::string path, args.Require("out"));
  seal::KeyPair keys = seal::Generate();
  STEM_RETURN_IF_ERROR(seal::WritePrivateKeyFile(path, keys));
  ctx.Print("Private key written to " + path +
                " (keep it safe: only it can open sealed answers)\nKey id: " +
                keys.public_key.id + "\nPublic key (give this to every kiosk with `kioskctl "
                "keys use`):\n" + keys.public_key.Base64(),
            {{"key_id", keys.public_key.id},
             {"public_key", keys.public_key.Base64()},
             {"private_key_file", path}});
  return Status::Ok();
}

Status KeysUse(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {}));
  if (args.positionals().size() != 1) return Status::InvalidArgument("usage", "keys use needs PUBLIC_KEY");
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_RETURN_IF_ERROR(store.SetSealingKey(args.positionals()[0]));
  STEM_ASSIGN_OR_RETURN(std::optional<seal::PublicKey> key, store.SealingKey());
  ctx.Print("Sensitive answers are now sealed to key " + key->id, {{"key_id", key->id}});
  return Status::Ok();
}

Status KeysShow(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {}));
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_ASSIGN_OR_RETURN(std::optional<seal::PublicKey> key, store.SealingKey());
  if (!key) {
    ctx.Print("No public key set: forms with sensitive questions cannot be answered here",
              {{"key_id", nullptr}});
    return Status::Ok();
  }
  ctx.Print("Key id: " + key->id + "\nPublic key: " + key->Base64(),
            {{"key_id", key->id}, {"public_key", key->Base64()}});
  return Status::Ok();
}

}  // namespace

std::vector<CommandInfo> FormCommands() {
  return {
      {"forms validate", "forms validate FILE.json       list every problem of a form spec",
       FormsValidate},
      {"forms install", "forms install FILE.json        add a form version to this kiosk",
       FormsInstall},
      {"forms list", "forms list                     installed forms (latest versions)", FormsList},
      {"keys generate", "keys generate --out FILE       new key pair for sealed answers",
       KeysGenerate},
      {"keys use", "keys use PUBLIC_KEY            seal sensitive answers to this key", KeysUse},
      {"keys show", "keys show                      the public key in use", KeysShow},
  };
}

}  // namespace stem::ctl
