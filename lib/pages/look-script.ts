/**
 * The part of both index pages' script that is about how the page looks: the brand's accent from
 * `<html data-accent>`, the viewer's local time next to the page's times (when the client has no time
 * zone in its profile), and the command box's Copy button (#copy-commands copies #all-commands).
 * No user data in any script.
 */
export const PAGE_LOOK_SCRIPT = `(function(){var r=document.documentElement,c=r.getAttribute("data-accent");if(c&&/^#[0-9a-f]{6}$/.test(c)){r.style.setProperty("--accent",c);r.style.setProperty("--on-accent",r.getAttribute("data-on-accent")||"#fff");}
var e=document.querySelectorAll("time[data-local]");for(var i=0;i<e.length;i++){var t=new Date(e[i].getAttribute("datetime"));var s=document.getElementById(e[i].getAttribute("data-local"));if(s&&!isNaN(t))s.textContent=" ("+t.toLocaleString(r.lang||undefined,{dateStyle:"full",timeStyle:"short"})+", "+(s.getAttribute("data-label")||"")+")";}
var b=document.getElementById("copy-commands"),box=document.getElementById("all-commands"),st=document.getElementById("copy-status");if(b&&box&&st){b.hidden=false;b.addEventListener("click",function(){var done=function(){st.textContent=b.getAttribute("data-copied")||"";},fail=function(){box.focus();box.select();st.textContent=b.getAttribute("data-failed")||"";};if(navigator.clipboard&&navigator.clipboard.writeText)navigator.clipboard.writeText(box.value).then(done,fail);else fail();});}})();`;
