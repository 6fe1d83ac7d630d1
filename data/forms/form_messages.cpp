// Built-in answer-checking messages. They sit at the edge of data/ because the form engine
// must return errors in the family's language; interfaces may still map the codes themselves.
#include <map>
#include <string>

#include "data/forms/form_answers.h"

namespace stem::forms {

std::string BuiltInMessage(const std::string& code, const std::string& language,
                           const std::string& limit) {
  using Catalog = std::map<std::string, std::pair<const char*, const char*>>;  // en, es
  static const Catalog kMessages = {
      {"required", {"Please answer this question.", "Por favor, responda esta pregunta."}},
      {"not_text", {"Please type your answer as text.", "Escriba su respuesta como texto."}},
      {"invalid_text", {"This answer has characters we cannot save.",
                        "Esta respuesta tiene caracteres que no podemos guardar."}},
      {"too_short", {"Please write at least {limit} characters.",
                     "Escriba al menos {limit} caracteres."}},
      {"too_long", {"Please keep this to {limit} characters or fewer.",
                    "Use como máximo {limit} caracteres."}},
      {"pattern", {"This answer is not in the expected format.",
                   "Esta respuesta no tiene el formato esperado."}},
      {"not_whole_number", {"Please enter a whole number.", "Escriba un número entero."}},
      {"not_number", {"Please enter a number.", "Escriba un número."}},
      {"below_min", {"Please enter {limit} or more.", "Escriba {limit} o más."}},
      {"above_max", {"Please enter {limit} or less.", "Escriba {limit} o menos."}},
      {"not_date", {"Please enter a real date.", "Escriba una fecha válida."}},
      {"date_too_early", {"Please enter a date on or after {limit}.",
                          "Escriba una fecha a partir del {limit}."}},
      {"date_too_late", {"Please enter a date on or before {limit}.",
                         "Escriba una fecha hasta el {limit}."}},
      {"invalid_email", {"Please enter an email address like name@example.com.",
                         "Escriba un correo electrónico como nombre@ejemplo.com."}},
      {"invalid_phone", {"Please enter a phone number with 7 to 15 digits.",
                         "Escriba un número de teléfono de 7 a 15 dígitos."}},
      {"unknown_choice", {"Please choose one of the options.", "Elija una de las opciones."}},
      {"too_few_choices", {"Please choose at least {limit}.", "Elija al menos {limit}."}},
      {"too_many_choices", {"Please choose no more than {limit}.", "Elija como máximo {limit}."}},
      {"not_yes_no", {"Please answer yes or no.", "Responda sí o no."}},
      {"consent_required", {"Please accept to continue.", "Por favor, acepte para continuar."}},
      {"invalid_signature", {"Please sign again.", "Por favor, vuelva a firmar."}},
      {"too_few_entries", {"Please add at least {limit}.", "Agregue al menos {limit}."}},
      {"too_many_entries", {"You can add at most {limit}.", "Puede agregar como máximo {limit}."}},
      {"not_a_question", {"This is not a question of the form.",
                          "Esto no es una pregunta del formulario."}},
      {"unknown_question", {"This question is not on the form.",
                            "Esta pregunta no está en el formulario."}},
  };
  auto it = kMessages.find(code);
  std::string text = it == kMessages.end() ? "Please check this answer."
                     : language == "es"   ? it->second.second
                                          : it->second.first;
  if (it == kMessages.end() && language == "es") text = "Revise esta respuesta.";
  if (size_t at = text.find("{limit}"); at != std::string::npos) text.replace(at, 7, limit);
  return text;
}

}  // namespace stem::forms
