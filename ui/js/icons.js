// What stands for an account wherever it is drawn (the list, the add preview, push prompts, the site
// link dialog, the edit dialog's icon search): its brand logo or picture, as Rust resolved them, else its
// letter avatar.

/** Blob URLs of the pictures drawn so far, by their PNG (base64): each is made once. */
const pictures = new Map();

/** A brand logo: Rust's path on a 24 × 24 view box, filled in the colour the theme's card needs. */
export function brandSvg(path) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  const shape = document.createElementNS(ns, "path");
  shape.setAttribute("d", path);
  svg.append(shape);
  return svg;
}

/** Draws what stands for `account` into `el`. */
export function paintIcon(el, account) {
  const icon = account.icon;
  el.replaceChildren();
  el.classList.remove("brand", "picture");
  el.style.backgroundColor = "";
  if (icon && icon.kind === "brand") {
    el.classList.add("brand");
    el.style.setProperty("--brand-light", icon.light);
    el.style.setProperty("--brand-dark", icon.dark);
    el.dataset.brand = icon.slug;
    el.append(brandSvg(icon.path));
  } else if (icon && icon.kind === "picture") {
    el.classList.add("picture");
    delete el.dataset.brand;
    if (!pictures.has(icon.png)) {
      const bytes = Uint8Array.from(atob(icon.png), (c) => c.charCodeAt(0));
      pictures.set(icon.png, URL.createObjectURL(new Blob([bytes], { type: "image/png" })));
    }
    el.append(Object.assign(document.createElement("img"), { src: pictures.get(icon.png), alt: "" }));
  } else {
    delete el.dataset.brand;
    el.textContent = account.avatar.letter;
    el.style.backgroundColor = account.avatar.colour;
  }
}
