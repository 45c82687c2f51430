// The participant's phone page: a live connection to the workshop (session cookie auth).
import { io } from "socket.io-client";

const root = document.querySelector("[data-workshop]");
const status = document.querySelector("[data-connection]");

function show(state) {
  if (!status) return;
  status.dataset.state = state;
  status.textContent = status.getAttribute(`data-label-${state}`) || state;
}

if (root) {
  const socket = io({
    auth: { workshop: Number(root.dataset.workshop) },
    transports: ["websocket", "polling"],
    reconnectionDelayMax: 5000,
  });
  socket.on("connect", () => show("online"));
  socket.on("disconnect", () => show("offline"));
  socket.on("connect_error", () => show("offline"));
}
